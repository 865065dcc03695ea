/**
 * The local Cognito user pool service: JSON 1.1 over HTTP
 * (`X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`), the JWKS, the
 * ID-token verifier for the identity pool, and seeding for `s3vault local --user`.
 */
import type { IncomingMessage } from 'node:http';
import { AwsJsonError, readBody, type ServiceHandler } from '../core/http';
import { jsonServiceHandler, parseJsonObject, targetOperation } from '../core/json-service';
import type { IdTokenVerifier } from '../core/id-tokens';
import type { VaultModel } from '../core/model';
import { ownValue } from '../core/own';
import { authorizeAdminCall, type AdminAuthorizer } from './admin-auth';
import type { Operation, PoolContext } from './context';
import { loadPoolKeys } from './keys';
import { adminAddUserToGroup, adminListGroupsForUser, adminRemoveUserFromGroup } from './operations/admin-groups';
import {
  adminCreateUser,
  adminDeleteUser,
  adminDisableUser,
  adminEnableUser,
  adminGetUser,
  adminResetUserPassword,
  adminSetUserMfaPreference,
  adminSetUserPassword,
  adminUserGlobalSignOut,
  blankUser,
  listUsers,
  setPassword,
} from './operations/admin-users';
import { confirmForgotPassword, forgotPassword } from './operations/forgot-password';
import { initiateAuth } from './operations/initiate-auth';
import { respondToAuthChallenge } from './operations/respond-to-auth-challenge';
import { changePassword, getUser, globalSignOut, revokeToken, signUp } from './operations/self-service';
import { associateSoftwareToken, setUserMfaPreference, verifySoftwareToken } from './operations/software-token';
import { checkUsername } from './params';
import { checkPassword } from './password-policy';
import { RefreshStore } from './refresh-store';
import { Sealer, UsedIds } from './sealed';
import { SessionService } from './sessions';
import { poolNameOf } from './srp';
import { TokenService } from './tokens';
import { UserStore } from './users';

export interface CognitoIdpOptions {
  model: VaultModel;
  /** Where users, tokens and keys persist (files named cognito-idp-<userPoolId>-*.json). */
  dataDir: string;
  /** The tokens' `iss`, e.g. http://127.0.0.1:PORT/<userPoolId>; a function because the port is known only after listen. */
  issuer: () => string;
  log: (line: string) => void;
  /** Epoch ms; tests move it to exercise expiry and TOTP steps. */
  now?: () => number;
  /** Overrides the admin check (see authorizeAdminCall in admin-auth.ts). */
  authorizeAdmin?: AdminAuthorizer;
}

export interface CognitoIdpService {
  /** The JSON 1.1 API: route requests with X-Amz-Target AWSCognitoIdentityProviderService.* here. */
  handle: ServiceHandler;
  /** GET /<userPoolId>/.well-known/jwks.json (and openid-configuration). */
  handleJwks: ServiceHandler;
  /** Verifies this pool's ID tokens (for the identity pool). */
  idTokens: IdTokenVerifier;
  /**
   * Creates or updates a confirmed user with a permanent password and adds them
   * to `groups` (which must exist in the template). Idempotent: running it again
   * resets the password and adds missing groups, never removing any.
   * @throws AwsJsonError InvalidPasswordException / InvalidParameterException, Error for an unknown group
   */
  adminCreateUser(username: string, password: string, groups: string[]): void;
  /** Local flag: the user must set up TOTP at the next sign-in even though the pool's MFA is OPTIONAL. */
  requireMfa(username: string, required: boolean): void;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** Public operations (unsigned, as in AWS) and admin operations (signed). */
const PUBLIC: Record<string, Operation> = {
  InitiateAuth: initiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,
  AssociateSoftwareToken: associateSoftwareToken,
  VerifySoftwareToken: verifySoftwareToken,
  SetUserMFAPreference: setUserMfaPreference,
  GetUser: getUser,
  GlobalSignOut: globalSignOut,
  ChangePassword: changePassword,
  RevokeToken: revokeToken,
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
  SignUp: signUp,
};
const ADMIN: Record<string, Operation> = {
  AdminCreateUser: adminCreateUser,
  AdminSetUserPassword: adminSetUserPassword,
  AdminGetUser: adminGetUser,
  AdminDeleteUser: adminDeleteUser,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  AdminResetUserPassword: adminResetUserPassword,
  AdminSetUserMFAPreference: adminSetUserMfaPreference,
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
  AdminListGroupsForUser: adminListGroupsForUser,
  ListUsers: listUsers,
};

/** Builds the user pool service of `options.model.userPool`. */
export function createCognitoIdpService(options: CognitoIdpOptions): CognitoIdpService {
  const pool = options.model.userPool;
  const now = options.now ?? Date.now;
  const keys = loadPoolKeys(options.dataDir, pool.id);
  // CloudFormation's default for UsernameConfiguration.CaseSensitive is true.
  const users = new UserStore(options.dataDir, pool.id, pool.usernameCaseSensitive ?? true);
  const tokenLifetimeMs = Math.max(pool.accessTokenValidity, pool.idTokenValidity) * 1000;
  const refresh = new RefreshStore(options.dataDir, pool.id, now, tokenLifetimeMs);
  const sealer = new Sealer(keys.sealKey, pool.id);
  const used = new UsedIds(now);
  const tokens = new TokenService({ pool, keys, users, refresh, issuer: options.issuer, now });
  const sessions = new SessionService(sealer, used, users, now);
  const pc: PoolContext = {
    pool,
    poolName: poolNameOf(pool.id),
    keys,
    users,
    refresh,
    tokens,
    sessions,
    sealer,
    used,
    log: options.log,
    now,
  };
  const authorizeAdmin = options.authorizeAdmin ?? authorizeAdminCall;

  const handle = jsonServiceHandler(
    async (req) => {
      if (req.method !== 'POST') throw new AwsJsonError('UnknownOperationException', 'Only POST is supported.', 404);
      const { name } = targetOperation(req, TARGET_PREFIX);
      if (!name) throw new AwsJsonError('UnknownOperationException', 'Missing or unknown X-Amz-Target.');
      const body = await readBody(req).catch(() => {
        throw new AwsJsonError('SerializationException', 'Request body is too large.', 413);
      });
      const publicOp = ownValue(PUBLIC, name);
      const adminOp = ownValue(ADMIN, name);
      if (!publicOp && !adminOp) throw new AwsJsonError('UnknownOperationException', `Unknown operation ${name}.`);
      if (adminOp) await authorizeAdmin(req, body);
      return (publicOp ?? adminOp)!(pc, parseJsonObject(body));
    },
    (error, ctx) => {
      options.log(`cognito-idp: internal error ${ctx.requestId}: ${(error as Error).stack ?? String(error)}`);
      return new AwsJsonError('InternalErrorException', 'An internal error occurred.', 500);
    },
  );

  const handleJwks: ServiceHandler = async (req: IncomingMessage, res) => {
    const path = (req.url ?? '').split('?')[0];
    const base = `/${pool.id}/.well-known/`;
    let body: unknown;
    if (path === `${base}jwks.json`) {
      body = { keys: [keys.jwk] };
    } else if (path === `${base}openid-configuration`) {
      const issuer = options.issuer();
      body = {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
        response_types_supported: ['code', 'token'],
      };
    }
    const ok = body !== undefined && (req.method === 'GET' || req.method === 'HEAD');
    const payload = Buffer.from(JSON.stringify(ok ? body : { message: 'Not Found' }));
    res.writeHead(ok ? 200 : 404, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
    res.end(req.method === 'HEAD' ? undefined : payload);
  };

  return {
    handle,
    handleJwks,
    idTokens: tokens,
    adminCreateUser(username, password, groups) {
      checkUsername(username);
      checkPassword(pool.passwordPolicy, password);
      for (const group of groups) {
        if (!pool.groups.some((g) => g.name === group)) {
          throw new Error(
            `Group ${group} is not declared in the user pool (known: ${pool.groups.map((g) => g.name).join(', ')})`,
          );
        }
      }
      const user = users.get(username) ?? users.create(blankUser(username), now());
      users.update(user, now(), (u) => {
        setPassword(pc, u, password, true);
        for (const group of groups) if (!u.groups.includes(group)) u.groups.push(group);
      });
    },
    requireMfa(username, required) {
      const user = users.get(username);
      if (!user) throw new Error(`User ${username} does not exist`);
      users.update(user, now(), (u) => {
        u.mfaRequired = required;
      });
    },
  };
}
