/**
 * Test support for the local user pool: a loopback server around the service,
 * the model from infra/vault.yaml, admin calls, and promise wrappers around the
 * real amazon-cognito-identity-js callbacks.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
  type IMfaSettings,
} from 'amazon-cognito-identity-js';
import { createCognitoIdpService, type CognitoIdpService } from '../../../../src/local/cognito-idp';
import type { LocalIds, UserPoolModel, VaultModel } from '../../../../src/local/core/model';
import { loadVaultModel } from '../../../../src/local/template/load';

export const IDS: LocalIds = {
  accountId: '123456789012',
  region: 'us-east-1',
  stackName: 's3vault-test',
  userPoolId: 'us-east-1_TestPool42',
  userPoolClientId: 'clientidfortests0123456789',
  identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
  keyId: '11111111-2222-3333-4444-555555555555',
  suffix: 'abcd1234',
};

/** The vault's model as the template loader produces it from infra/vault.yaml. */
export function vaultModel(patch: Partial<UserPoolModel> = {}): VaultModel {
  const model = loadVaultModel(path.resolve('infra/vault.yaml'), IDS);
  return { ...model, userPool: { ...model.userPool, ...patch } };
}

export const tempDir = (): string => mkdtempSync(path.join(tmpdir(), 's3vault-cognito-idp-'));

/** A clock the test can move (TOTP steps, expiry); starts at real time. */
export class TestClock {
  offsetMs = 0;
  /** The last TOTP step handed out per secret (see freshCode). */
  readonly lastSteps = new Map<string, number>();
  now = (): number => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface RunningPool {
  url: string;
  service: CognitoIdpService;
  model: VaultModel;
  dataDir: string;
  clock: TestClock;
  logs: string[];
  /** A CognitoUserPool of the real library, pointed at this server, with its own in-memory storage. */
  libraryPool(clientId?: string): CognitoUserPool;
  /** A raw JSON 1.1 call; `signed` adds a SigV4-shaped Authorization header (admin calls). */
  call(operation: string, body: unknown, signed?: boolean): Promise<{ status: number; body: Record<string, unknown> }>;
  /** An admin call that must succeed. */
  admin(operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Starts the service on 127.0.0.1:0 behind a tiny router (JWKS by path, the rest to the API). */
export async function startPool(
  options: { dataDir?: string; clock?: TestClock; model?: VaultModel } = {},
): Promise<RunningPool> {
  const model = options.model ?? vaultModel();
  const dataDir = options.dataDir ?? tempDir();
  const clock = options.clock ?? new TestClock();
  const logs: string[] = [];
  let port = 0;
  const service = createCognitoIdpService({
    model,
    dataDir,
    issuer: () => `http://127.0.0.1:${port}/${model.userPool.id}`,
    log: (line) => logs.push(line),
    now: clock.now,
  });
  const server: Server = createServer((req, res) => {
    const ctx = { secureTransport: true, remoteAddress: '127.0.0.1', requestId: randomUUID(), receivedAt: new Date() };
    const handler = req.url?.includes('/.well-known/') ? service.handleJwks : service.handle;
    handler(req, res, ctx).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const call: RunningPool['call'] = async (operation, body, signed = false) => {
    const response = await fetch(`${url}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        ...(signed
          ? {
              Authorization:
                'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE12/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
            }
          : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  return {
    url,
    service,
    model,
    dataDir,
    clock,
    logs,
    libraryPool: (clientId = model.userPool.clientId) =>
      new CognitoUserPool({
        UserPoolId: model.userPool.id,
        ClientId: clientId,
        endpoint: `${url}/`,
        Storage: new MemoryStorage(),
      }),
    call,
    admin: async (operation, body) => {
      const result = await call(operation, { UserPoolId: model.userPool.id, ...body }, true);
      if (result.status !== 200) throw new Error(`${operation} failed: ${JSON.stringify(result.body)}`);
      return result.body;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Per-pool storage, so tests do not share the library's global in-memory cache. */
class MemoryStorage implements ICognitoStorage {
  private readonly items = new Map<string, string>();
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
}

/** Where a sign-in stands after one step of the library's callback flow. */
export type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'newPasswordRequired'; userAttributes: Record<string, string> }
  | { kind: 'totpRequired' }
  | { kind: 'mfaSetup'; parameters: Record<string, string> }
  | { kind: 'failure'; error: { code?: string; name?: string; message: string } };

/** The session of a successful step; any other outcome fails the test with what happened instead. */
export function expectSuccess(outcome: Outcome | { kind: 'verified' }): Extract<Outcome, { kind: 'success' }> {
  if (outcome.kind !== 'success') throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** The callback object every library step takes, settling one promise with the first outcome. */
function callbacks(resolve: (outcome: Outcome) => void) {
  let settled = false;
  const once = (outcome: Outcome): void => {
    if (!settled) {
      settled = true;
      resolve(outcome);
    }
  };
  return {
    onSuccess: (session: CognitoUserSession) => once({ kind: 'success', session }),
    onFailure: (error: { code?: string; message: string }) => once({ kind: 'failure', error }),
    newPasswordRequired: (userAttributes: Record<string, string>) =>
      once({ kind: 'newPasswordRequired', userAttributes }),
    totpRequired: () => once({ kind: 'totpRequired' }),
    mfaSetup: (_name: unknown, parameters: Record<string, string>) => once({ kind: 'mfaSetup', parameters }),
    mfaRequired: () => once({ kind: 'failure', error: { message: 'unexpected SMS_MFA' } }),
    selectMFAType: () => once({ kind: 'failure', error: { message: 'unexpected SELECT_MFA_TYPE' } }),
    customChallenge: () => once({ kind: 'failure', error: { message: 'unexpected CUSTOM_CHALLENGE' } }),
  };
}

/** A library CognitoUser for `username` in `pool`. */
export function libraryUser(pool: CognitoUserPool, username: string): CognitoUser {
  return new CognitoUser({
    Username: username,
    Pool: pool,
    Storage: (pool as unknown as { storage: ICognitoStorage }).storage,
  });
}

/** authenticateUser (USER_SRP_AUTH) up to its first outcome. */
export function signIn(user: CognitoUser, password: string): Promise<Outcome> {
  return new Promise((resolve) =>
    user.authenticateUser(
      new AuthenticationDetails({ Username: user.getUsername(), Password: password }),
      callbacks(resolve),
    ),
  );
}

export function completeNewPassword(user: CognitoUser, password: string): Promise<Outcome> {
  return new Promise((resolve) => user.completeNewPasswordChallenge(password, {}, callbacks(resolve)));
}

export function sendTotp(user: CognitoUser, code: string): Promise<Outcome> {
  return new Promise((resolve) => user.sendMFACode(code, callbacks(resolve), 'SOFTWARE_TOKEN_MFA'));
}

/** associateSoftwareToken → the base32 secret. */
export function associateSoftwareToken(user: CognitoUser): Promise<string> {
  return new Promise((resolve, reject) =>
    user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
}

/** verifySoftwareToken; with a signed-in user it resolves {Status}, during MFA_SETUP it resolves the session. */
export function verifySoftwareToken(user: CognitoUser, code: string): Promise<Outcome | { kind: 'verified' }> {
  return new Promise((resolve) =>
    user.verifySoftwareToken(code, 'test device', {
      onSuccess: (result: unknown) =>
        resolve(
          result && typeof (result as CognitoUserSession).getIdToken === 'function'
            ? { kind: 'success', session: result as CognitoUserSession }
            : { kind: 'verified' },
        ),
      onFailure: (error: { code?: string; message: string }) => resolve({ kind: 'failure', error }),
    }),
  );
}

export function setTotpPreference(user: CognitoUser, enabled: boolean): Promise<void> {
  return new Promise((resolve, reject) =>
    // The library's IMfaSettings type lacks PreferredEnabled, which the API takes and the library passes on.
    user.setUserMfaPreference(
      null,
      { Enabled: enabled, PreferredEnabled: enabled } as unknown as IMfaSettings,
      (error) => (error ? reject(error) : resolve()),
    ),
  );
}

export function refresh(user: CognitoUser, session: CognitoUserSession): Promise<Outcome> {
  return new Promise((resolve) =>
    user.refreshSession(
      session.getRefreshToken(),
      (error: { code?: string; message: string } | null, fresh: CognitoUserSession) =>
        resolve(error ? { kind: 'failure', error } : { kind: 'success', session: fresh }),
    ),
  );
}

export function globalSignOut(user: CognitoUser): Promise<void> {
  return new Promise((resolve, reject) => user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }));
}

export function forgotPassword(user: CognitoUser): Promise<unknown> {
  return new Promise((resolve, reject) =>
    user.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
  );
}

export function confirmPassword(user: CognitoUser, code: string, password: string): Promise<Outcome> {
  return new Promise((resolve) =>
    user.confirmPassword(code, password, {
      onSuccess: () => resolve({ kind: 'verified' } as unknown as Outcome),
      onFailure: (error) => resolve({ kind: 'failure', error }),
    }),
  );
}

/** An independent RFC 6238 implementation (SHA-1, 6 digits, 30 s), so the tests do not trust the server's. */
export function rfc6238(secretBase32: string, epochMs: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secretBase32.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(epochMs / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * A code for `secret` that the server has not seen: each step is accepted
 * once (RFC 6238 §5.2), so this takes the next unused step, using the +1 step
 * of tolerance first and moving the test clock only when that is spent too.
 * (The clock must stay within the SRP TIMESTAMP skew of real time: a few minutes.)
 */
export function freshCode(clock: TestClock, secret: string): string {
  const current = Math.floor(clock.now() / 30_000);
  const step = Math.max(current, (clock.lastSteps.get(secret) ?? -1) + 1);
  if (step > current + 1) clock.advance((step - current - 1) * 30_000);
  clock.lastSteps.set(secret, step);
  return rfc6238(secret, step * 30_000);
}

/** The last number matching `pattern` in the service log (the local stand-in for e-mail). */
export function codeFromLog(logs: string[], pattern: RegExp): string {
  for (let i = logs.length - 1; i >= 0; i -= 1) {
    const match = pattern.exec(logs[i]!);
    if (match) return match[1]!;
  }
  throw new Error(`no log line matches ${pattern}`);
}

/** A password the vault's policy accepts (12+, upper, lower, digit, symbol). */
export const PASSWORD = 'Correct-Horse-42';
export const OTHER_PASSWORD = 'Battery-Staple-77';
