/**
 * The CLI's session cache as a person meets it: after `s3vault login`, the
 * first command refreshes the tokens and gets AWS credentials, and leaves
 * them in session-cache.json (0600); the next one within their lifetime asks
 * neither the user pool nor the identity pool anything. Every request goes
 * through a recording proxy in front of the local backend (the profile's
 * endpoint), so "asks nothing" is counted, not timed; with every request
 * failing the cached session still answers. A cache others can read is
 * ignored and replaced; `logout` removes the cache with the session; and
 * `credentials` (credential_process) never hands out a set near its end.
 */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthBackend, tempDir, type AuthBackend } from '../../support/auth-backend';
import { startRecordingProxy, type RecordingProxy } from '../../support/recording-proxy';
import { runCli } from '../../support/run-cli';

const ALICE = { username: 'alice', password: 'Alice-Passw0rd!' };
let env: AuthBackend;
let proxy: RecordingProxy;
let profileFile: string;

beforeAll(async () => {
  env = await startAuthBackend({ users: [ALICE] });
  proxy = await startRecordingProxy(env.backend.port);
  profileFile = path.join(tempDir('cache-profile'), 'profile.json');
  writeFileSync(profileFile, JSON.stringify({ ...env.local, endpoint: proxy.url }), { mode: 0o600 });
});
afterAll(async () => {
  await proxy?.close();
  await env?.close();
});

/** The X-Amz-Target of each request the proxy saw from index `from` on (the user pool's and identity pool's calls). */
const targetsFrom = (from: number): string[] =>
  proxy.requests.slice(from).map((request) => String(request.headers['x-amz-target'] ?? request.url));

describe('s3vault session cache', () => {
  it('lets a second command within the credentials lifetime make no request, and logout removes it', async () => {
    const home = path.join(tempDir('cache-home'), 's3vault');
    const cli = (...args: string[]) => runCli(args, { S3VAULT_HOME: home });
    const cacheFile = path.join(home, 'session-cache.json');

    const login = await runCli(
      ['login', '--username', 'alice', '--password-stdin', '--profile', profileFile],
      {
        S3VAULT_HOME: home,
      },
      { input: `${ALICE.password}\n` },
    );
    expect(login).toMatchObject({ code: 0, stderr: '' });

    // First command: refresh (user pool) and credentials (identity pool), then the cache is written.
    let seen = proxy.requests.length;
    const first = await cli('whoami', '--json');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const firstTargets = targetsFrom(seen);
    expect(firstTargets).toEqual(
      expect.arrayContaining([
        'AWSCognitoIdentityProviderService.InitiateAuth',
        'AWSCognitoIdentityService.GetCredentialsForIdentity',
      ]),
    );
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    const cacheText = readFileSync(cacheFile, 'utf8');
    const { refreshToken } = JSON.parse(readFileSync(path.join(home, 'session.json'), 'utf8')) as {
      refreshToken: string;
    };
    expect(cacheText).not.toContain(refreshToken);

    // Second command: no request at all, the same identity and credentials.
    seen = proxy.requests.length;
    const second = await cli('whoami', '--json');
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(targetsFrom(seen)).toEqual([]);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    const credentials = await cli('credentials');
    expect(credentials.code).toBe(0);
    expect(targetsFrom(seen)).toEqual([]);
    expect(credentials.stdout).toContain(
      (JSON.parse(cacheText) as { credentials: { accessKeyId: string } }).credentials.accessKeyId,
    );

    // With every request to the endpoint failing (connection reset), the cached session still answers.
    proxy.decide = () => ({ kind: 'reset' });
    const offline = await cli('whoami', '--json');
    expect(offline).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(offline.stdout)).toEqual(JSON.parse(first.stdout));
    expect(targetsFrom(seen)).toEqual([]);
    proxy.decide = () => ({ kind: 'forward' });

    // A cache file others can read is not used (the next command refreshes) and is replaced by a private one.
    chmodSync(cacheFile, 0o644);
    seen = proxy.requests.length;
    const exposed = await cli('whoami', '--json');
    expect(exposed).toMatchObject({ code: 0, stderr: '' });
    expect(targetsFrom(seen)).toContain('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);

    // logout signs out (through the proxy again) and removes the session and the cache.
    const logout = await cli('logout', '--json');
    expect(logout).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(logout.stdout)).toEqual({ signedOut: 'signed-out' });
    expect(existsSync(path.join(home, 'session.json'))).toBe(false);
    expect(existsSync(cacheFile)).toBe(false);

    const after = await cli('whoami');
    expect(after.code).toBe(3);
    expect(after.stderr).toBe('s3vault whoami: not signed in: run s3vault login\n');
  }, 60_000);

  /**
   * The AWS CLI (botocore) re-runs a credential_process whenever its credentials have less than
   * 15 minutes left (advisory refresh; 10 minutes mandatory). Were `s3vault credentials` to hand
   * it cached credentials with 6 to 15 minutes left, it would run it again for every request, and
   * get the same ones back each time.
   */
  it('gives credential_process credentials with more than 15 minutes left, even from a cache', async () => {
    const home = path.join(tempDir('cache-process'), 's3vault');
    const cli = (...args: string[]) => runCli(args, { S3VAULT_HOME: home });
    const login = await runCli(
      ['login', '--username', 'alice', '--password-stdin', '--profile', profileFile],
      { S3VAULT_HOME: home },
      { input: `${ALICE.password}\n` },
    );
    expect(login.code).toBe(0);
    expect((await cli('whoami')).code).toBe(0);

    // The cache as a run 50 minutes ago would have left it: credentials with 10 minutes left.
    const cacheFile = path.join(home, 'session-cache.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { credentials: { expiration: string } };
    cache.credentials.expiration = new Date(Date.now() + 10 * 60_000).toISOString();
    writeFileSync(cacheFile, JSON.stringify(cache), { mode: 0o600 });

    const run = await cli('credentials');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const { Expiration } = JSON.parse(run.stdout) as { Expiration: string };
    expect(Date.parse(Expiration) - Date.now()).toBeGreaterThan(15 * 60_000);
  }, 60_000);
});
