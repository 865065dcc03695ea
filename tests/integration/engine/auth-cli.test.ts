/**
 * The CLI's session commands as a person runs them: `s3vault login`,
 * `whoami`, `credentials` (as the AWS CLI's credential_process) and
 * `logout`, against the local backend, with S3VAULT_HOME in a temp folder.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableTotp, signIn } from '../../../src/main/vault/auth';
import {
  AWS_CLI,
  inviteUser,
  startAuthBackend,
  tempDir,
  TotpDevice,
  type AuthBackend,
} from '../../support/auth-backend';
import { CLI } from '../../support/local-backend-process';

const ALICE = { username: 'alice', password: 'Alice-Passw0rd!' };
let env: AuthBackend;
let profileFile: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  home: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Interactive use: called with stderr so far after each chunk; may write to stdin and end it. */
  converse?: (stderr: string, stdin: NodeJS.WritableStream) => void;
}

/** Runs the built CLI asynchronously (the backend answers from this very process). */
function s3vault(args: string[], options: RunOptions): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: options.home, S3VAULT_HOME: options.home, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.converse?.(stderr, child.stdin);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.converse) child.stdin.write(options.input ?? '');
    else child.stdin.end(options.input ?? '');
  });
}

function awsCli(args: string[], home: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(AWS_CLI!, args, {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        S3VAULT_HOME: home,
        AWS_CONFIG_FILE: path.join(home, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  env = await startAuthBackend({ users: [ALICE, { username: 'tina', password: 'Tina-Passw0rd!!' }] });
  profileFile = path.join(tempDir('cli-profile'), 'profile.json');
  // What `s3vault local --profile-out` writes, admin keys included (login must not copy them).
  writeFileSync(profileFile, JSON.stringify(env.local), { mode: 0o600 });
});
afterAll(() => env?.close());

describe('s3vault login / whoami / credentials / logout', () => {
  it('signs in, keeps the session in a 0600 file, serves whoami and credential_process, and logs out', async () => {
    const home = path.join(tempDir('cli-home'), 's3vault');
    const login = await s3vault(['login', '--username', 'alice', '--password-stdin', '--profile', profileFile], {
      home,
      input: `${ALICE.password}\n`,
    });
    expect(login).toMatchObject({ code: 0, stderr: '' });
    expect(login.stdout).toMatch(/^signed in as alice; session saved in .*session\.json\n$/);

    const file = path.join(home, 'session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const saved = readFileSync(file, 'utf8');
    const stored = JSON.parse(saved) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(
      ['identityId', 'profile', 'refreshToken', 'signedInAt', 'username', 'version'].sort(),
    );
    // Never the password, AWS keys, or the local admin keys of the profile file.
    expect(saved).not.toContain(ALICE.password);
    expect(saved).not.toMatch(/secretAccessKey|SecretAccessKey|localAdmin|ASIA/);

    const whoami = await s3vault(['whoami', '--json'], { home });
    expect(whoami.code).toBe(0);
    const me = JSON.parse(whoami.stdout) as {
      username: string;
      identityId: string;
      isAdmin: boolean;
      expiration: string;
    };
    expect(me).toMatchObject({ username: 'alice', isAdmin: false, identityId: stored.identityId });
    expect(Date.parse(me.expiration)).toBeGreaterThan(Date.now() + 50 * 60_000);

    const creds = await s3vault(['credentials'], { home });
    expect(creds.code).toBe(0);
    const credentialProcess = JSON.parse(creds.stdout) as Record<string, string>;
    expect(credentialProcess).toEqual({
      Version: 1,
      AccessKeyId: expect.stringMatching(/^ASIA/),
      SecretAccessKey: expect.any(String),
      SessionToken: expect.any(String),
      Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });

    if (AWS_CLI) {
      // The AWS CLI gets alice's credentials from `s3vault credentials` and lists her prefix.
      const s3 = new S3Client({
        region: env.profile.region,
        endpoint: env.profile.endpoint,
        forcePathStyle: true,
        credentials: {
          accessKeyId: credentialProcess.AccessKeyId!,
          secretAccessKey: credentialProcess.SecretAccessKey!,
          sessionToken: credentialProcess.SessionToken!,
        },
      });
      const prefix = `private/${me.identityId}/`;
      await s3.send(new PutObjectCommand({ Bucket: env.profile.bucket, Key: `${prefix}v1/from-cli`, Body: 'x' }));
      s3.destroy();
      writeFileSync(
        path.join(home, 'aws-config'),
        `[profile vault]\nregion = ${env.profile.region}\ncredential_process = ${process.execPath} ${CLI} credentials\n`,
      );
      const ls = await awsCli(
        [
          '--profile',
          'vault',
          '--endpoint-url',
          env.profile.endpoint!,
          's3',
          'ls',
          `s3://${env.profile.bucket}/${prefix}v1/`,
        ],
        home,
      );
      expect(ls.stderr).toBe('');
      expect(ls.code).toBe(0);
      expect(ls.stdout).toContain('from-cli');
    }

    const logout = await s3vault(['logout'], { home });
    expect(logout).toMatchObject({ code: 0, stderr: '' });
    expect(logout.stdout).toContain('signed out everywhere');
    expect(existsSync(file)).toBe(false);

    const after = await s3vault(['whoami'], { home });
    expect(after.code).toBe(3);
    expect(after.stderr).toBe('s3vault whoami: not signed in: run s3vault login\n');
    const afterJson = await s3vault(['whoami', '--json'], { home });
    expect(JSON.parse(afterJson.stdout)).toEqual({
      error: { code: 'AUTH_REQUIRED', message: 'not signed in: run s3vault login' },
    });
  }, 60_000);

  it('refuses a session file others can read; logout still revokes it everywhere and removes it', async () => {
    const home = tempDir('cli-exposed');
    const login = await s3vault(['login', '--username', 'alice', '--password-stdin'], {
      home,
      input: `${ALICE.password}\n`,
      env: { S3VAULT_PROFILE: profileFile },
    });
    expect(login.code).toBe(0);
    const file = path.join(home, 'session.json');
    const { refreshToken, profile } = JSON.parse(readFileSync(file, 'utf8')) as {
      refreshToken: string;
      profile: object;
    };
    chmodSync(file, 0o644);

    const whoami = await s3vault(['whoami'], { home });
    expect(whoami.code).toBe(4);
    expect(whoami.stderr).toMatch(
      /^s3vault whoami: refusing to read .*session\.json: other users can read it \(mode 0644\)/,
    );

    const logout = await s3vault(['logout', '--json'], { home });
    expect(logout.code).toBe(0);
    expect(JSON.parse(logout.stdout)).toEqual({ signedOut: 'signed-out' });
    expect(existsSync(file)).toBe(false);

    // The exposed refresh token is dead: a session file carrying it says so.
    writeFileSync(file, JSON.stringify({ version: 1, profile, username: 'alice', refreshToken, signedInAt: 'x' }), {
      mode: 0o600,
    });
    const ended = await s3vault(['whoami'], { home });
    expect(ended.code).toBe(3);
    expect(ended.stderr).toBe('s3vault whoami: your session has ended: run s3vault login\n');
  }, 60_000);

  it('reports a wrong password as one line (and JSON with --json), exit 3, without saving anything', async () => {
    const home = tempDir('cli-wrong');
    const run = await s3vault(
      ['login', '--username', 'alice', '--password-stdin', '--profile', profileFile, '--json'],
      { home, input: 'Wrong-Passw0rd!\n' },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('s3vault login: Incorrect username or password.\n');
    expect(JSON.parse(run.stdout)).toEqual({
      error: { code: 'AUTH_REQUIRED', message: 'Incorrect username or password.' },
    });
    expect(existsSync(path.join(home, 'session.json'))).toBe(false);

    const usage = await s3vault(['login', '--password-stdin'], { home, env: { S3VAULT_PROFILE: profileFile } });
    expect(usage).toMatchObject({ code: 2, stderr: 's3vault login: --username NAME is required.\n' });
    const noProfile = await s3vault(['login', '--username', 'alice', '--password-stdin'], { home, input: 'x\n' });
    expect(noProfile.code).toBe(2);
    expect(noProfile.stderr).toContain('no vault profile: pass --profile FILE or set S3VAULT_PROFILE');
    const unknown = await s3vault(['whoami', '--bogus'], { home });
    expect(unknown.code).toBe(2);
  }, 60_000);

  it.skipIf(!AWS_CLI)(
    'lets an invited user choose a new password on the second line of stdin',
    async () => {
      await inviteUser(env.local, 'erin', 'Temp-Passw0rd-3!');
      const home = tempDir('cli-invited');
      const missing = await s3vault(['login', '--username', 'erin', '--password-stdin', '--profile', profileFile], {
        home,
        input: 'Temp-Passw0rd-3!\n',
      });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('stdin ended before the new password');

      const run = await s3vault(['login', '--username', 'erin', '--password-stdin', '--profile', profileFile], {
        home,
        input: 'Temp-Passw0rd-3!\nErin-New-Passw0rd!\n',
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('signed in as erin');
    },
    60_000,
  );
});

describe('s3vault login with TOTP', () => {
  const PASSWORD = 'Tina-Passw0rd!!';

  it('takes the code from --code for an account with TOTP on; a wrong one is exit 2 with the sentence', async () => {
    const step = await signIn(env.profile, 'tina', PASSWORD);
    if (step.kind !== 'signed-in') throw new Error(step.kind);
    const enrollment = await enableTotp(env.profile, step.tokens);
    const device = new TotpDevice(enrollment.secretCode);
    await enrollment.confirm(await device.nextCode());

    const home = tempDir('cli-totp');
    const args = ['login', '--username', 'tina', '--password-stdin', '--profile', profileFile];
    const wrong = await s3vault([...args, '--code', device.wrongCode()], { home, input: `${PASSWORD}\n` });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^s3vault login: That code is not right\./);

    const run = await s3vault([...args, '--code', await device.nextCode()], { home, input: `${PASSWORD}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('signed in as tina');
  }, 60_000);

  it('walks a first-time authenticator set-up: prints the otpauth URI, then reads the code from stdin', async () => {
    const mfaEnv = await startAuthBackend({
      users: [{ username: 'ivan', password: PASSWORD }],
      template: (text) => text.replace('MfaConfiguration: OPTIONAL', "MfaConfiguration: 'ON'"),
    });
    try {
      const profile = path.join(tempDir('cli-mfa'), 'profile.json');
      writeFileSync(profile, JSON.stringify(mfaEnv.local), { mode: 0o600 });
      const home = tempDir('cli-mfa-home');
      let answered = false;
      const run = await s3vault(['login', '--username', 'ivan', '--password-stdin', '--profile', profile, '--json'], {
        home,
        input: `${PASSWORD}\n`,
        converse: (stderr, stdin) => {
          const uri = /otpauth:\/\/totp\/S3%20Vault:ivan\?secret=([A-Z2-7]+)&issuer=S3%20Vault/.exec(stderr);
          if (!uri || answered) return;
          answered = true;
          void new TotpDevice(uri[1]!).nextCode().then((code) => stdin.end(`${code}\n`));
        },
      });
      expect(run.stderr).toContain('This vault requires an authenticator app');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ username: 'ivan', isAdmin: false });
    } finally {
      await mfaEnv.close();
    }
  }, 60_000);
});
