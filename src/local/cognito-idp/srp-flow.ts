/**
 * USER_SRP_AUTH across its two requests. InitiateAuth computes the server's
 * half at once (B, and from A, v and b the 16-byte key) and seals the key with
 * the username, client, password fingerprint and time into SECRET_BLOCK; the
 * PASSWORD_VERIFIER response is checked against that key alone. So the server
 * keeps no state between the two requests except the ids of spent blocks.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { AwsJsonError } from '../core/http';
import type { PoolContext } from './context';
import { requiredParameter } from './params';
import { AUTH_SESSION_MS } from './sessions';
import {
  claimSignature,
  g,
  modPow,
  N,
  parseClientPublic,
  serverEphemeral,
  serverSessionKey,
  signatureMatches,
} from './srp';
import { parseSrpTimestamp } from './timestamp';
import type { UserRecord } from './users';

/** How far the client's TIMESTAMP may be from the server's clock. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

interface SecretBlock {
  id: string;
  u: string;
  sub?: string;
  /** The derived key, base64; absent for a user that does not exist. */
  k?: string;
  /** Fingerprint of the verifier the key came from: a password change in between voids the block. */
  vf?: string;
  cid: string;
  /** Issued, epoch ms. */
  iat: number;
}

const fingerprint = (verifier: string): string => createHash('sha256').update(verifier).digest('hex').slice(0, 16);

const incorrect = (): AwsJsonError => new AwsJsonError('NotAuthorizedException', 'Incorrect username or password.');

/**
 * The PASSWORD_VERIFIER challenge for `username`. For a user that does not
 * exist it answers with a stable fake salt and a random B, so the reply looks
 * the same and the failure comes only after the password claim
 * (PreventUserExistenceErrors, Cognito's default for new clients).
 */
export function startSrp(
  pc: PoolContext,
  username: string,
  user: UserRecord | undefined,
  srpA: string,
  clientId: string,
): Record<string, string> {
  const A = parseClientPublic(srpA);
  if (A === null) throw new AwsJsonError('InvalidParameterException', 'SRP_A is not a valid SRP public value.');
  // The stored spelling is USER_ID_FOR_SRP: the client hashes it into x, as the verifier did.
  const userId = user?.username ?? username;
  const block: SecretBlock = { id: randomBytes(12).toString('base64url'), u: userId, cid: clientId, iat: pc.now() };
  let salt: string;
  let B: bigint;
  if (user) {
    salt = user.srp.salt;
    for (;;) {
      const ephemeral = serverEphemeral(user.srp.verifier);
      const key = serverSessionKey(A, ephemeral.B, ephemeral.b, user.srp.verifier);
      if (!key) continue; // u = 0: draw another b rather than fail the sign-in
      B = ephemeral.B;
      Object.assign(block, { sub: user.sub, k: key.toString('base64'), vf: fingerprint(user.srp.verifier) });
      break;
    }
  } else {
    // Stable per name, so asking twice does not reveal that the user is made up.
    salt = createHmac('sha256', pc.keys.sealKey)
      .update(`fake-salt\0${pc.users.key(username)}`)
      .digest('hex')
      .slice(0, 32);
    B = modPow(g, BigInt(`0x${randomBytes(32).toString('hex')}`), N);
  }
  return {
    SALT: salt,
    SRP_B: B.toString(16),
    SECRET_BLOCK: pc.sealer.seal('srp', block),
    USERNAME: userId,
    USER_ID_FOR_SRP: userId,
  };
}

/**
 * Checks a PASSWORD_VERIFIER response (USERNAME, PASSWORD_CLAIM_SECRET_BLOCK,
 * TIMESTAMP, PASSWORD_CLAIM_SIGNATURE) and returns the user who proved their password.
 */
export function finishSrp(pc: PoolContext, responses: Record<string, unknown>, clientId: string): UserRecord {
  const secretBlock = requiredParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const timestamp = requiredParameter(responses, 'TIMESTAMP');
  const signature = requiredParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const username = requiredParameter(responses, 'USERNAME');

  const block = pc.sealer.open<SecretBlock>('srp', secretBlock);
  const now = pc.now();
  if (!block || block.cid !== clientId || block.iat + AUTH_SESSION_MS <= now || pc.used.has(block.id)) {
    throw new AwsJsonError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  }
  // One answer per block, right or wrong: a block is never a second chance.
  pc.used.add(block.id, block.iat + AUTH_SESSION_MS);

  const signedAt = parseSrpTimestamp(timestamp);
  if (signedAt === null) throw new AwsJsonError('InvalidParameterException', 'TIMESTAMP format is invalid.');
  if (Math.abs(signedAt - now) > CLOCK_SKEW_MS) throw incorrect();
  if (username !== block.u || !block.k) throw incorrect();

  const user = pc.users.get(block.u);
  if (!user || user.sub !== block.sub || fingerprint(user.srp.verifier) !== block.vf) throw incorrect();
  const expected = claimSignature(Buffer.from(block.k, 'base64'), pc.poolName, block.u, secretBlock, timestamp);
  if (!signatureMatches(expected, signature)) throw incorrect();
  if (!user.enabled) throw new AwsJsonError('NotAuthorizedException', 'User is disabled.');
  return user;
}
