/**
 * Support for the engine's sign-in and credentials tests: the local backend in
 * process, its profile as the engine parses it, admin calls through the AWS
 * CLI, and TOTP codes from an independent RFC 6238 implementation.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseVaultProfile, type VaultProfile } from '../../src/main/vault/profile';
import type { LocalProfile } from '../../src/local/profile';
import { DEFAULT_TEMPLATE_PATH, startLocalBackend, type LocalBackend } from '../../src/local/server';

// Debian's AWS CLI v2 (a pyenv shim earlier on PATH may be the old v1).
export const AWS_CLI = ['/usr/bin/aws', '/usr/local/bin/aws'].find((candidate) => existsSync(candidate));

export const tempDir = (prefix: string): string => mkdtempSync(path.join(tmpdir(), `s3vault-${prefix}-`));

export interface AuthBackend {
  backend: LocalBackend;
  /** The connection profile as the engine sees it (no admin keys). */
  profile: VaultProfile;
  local: LocalProfile;
  /** Everything the backend logged (reset codes arrive here). */
  logs: string[];
  close(): Promise<void>;
}

export interface AuthBackendOptions {
  users?: Array<{ username: string; password: string; groups?: string[] }>;
  /** Edit infra/vault.yaml's text before the backend reads it (e.g. MfaConfiguration: ON). */
  template?: (text: string) => string;
}

/** Starts the local backend in this process on a free loopback port. */
export async function startAuthBackend(options: AuthBackendOptions = {}): Promise<AuthBackend> {
  const dir = tempDir('auth');
  let templatePath: string | undefined;
  if (options.template) {
    templatePath = path.join(dir, 'vault.yaml');
    writeFileSync(templatePath, options.template(readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8')));
  }
  const logs: string[] = [];
  const backend = await startLocalBackend({
    dataDir: path.join(dir, 'data'),
    port: 0,
    users: options.users ?? [],
    log: (line) => logs.push(line),
    ...(templatePath ? { templatePath } : {}),
  });
  return {
    backend,
    profile: parseVaultProfile(backend.profile),
    local: backend.profile,
    logs,
    close: () => backend.close(),
  };
}

/**
 * Runs the AWS CLI against the backend as its local account admin, with no
 * user configuration leaking in. Asynchronous: the backend runs in this
 * process, so a synchronous child would block the very server it calls.
 */
export async function awsAdmin(local: LocalProfile, args: string[]): Promise<string> {
  if (!AWS_CLI) throw new Error('the AWS CLI is not installed');
  const home = tempDir('awscli');
  const { stdout } = await promisify(execFile)(
    AWS_CLI,
    ['--endpoint-url', local.endpoint, '--region', local.region, ...args],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: local.localAdmin.accessKeyId,
        AWS_SECRET_ACCESS_KEY: local.localAdmin.secretAccessKey,
      },
    },
  );
  return stdout;
}

/** An administrator invites a user: temporary password, FORCE_CHANGE_PASSWORD, member of vault-users. */
export async function inviteUser(local: LocalProfile, username: string, temporaryPassword: string): Promise<void> {
  const pool = ['--user-pool-id', local.userPoolId];
  await awsAdmin(local, [
    'cognito-idp',
    'admin-create-user',
    ...pool,
    '--username',
    username,
    '--temporary-password',
    temporaryPassword,
    '--message-action',
    'SUPPRESS',
  ]);
  await awsAdmin(local, [
    'cognito-idp',
    'admin-add-user-to-group',
    ...pool,
    '--username',
    username,
    '--group-name',
    'vault-users',
  ]);
}

/** RFC 6238 (HMAC-SHA-1, 6 digits, 30 s steps) for a base32 secret, independent of the backend's code. */
export function totpCode(secretBase32: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secretBase32.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const currentStep = (): number => Math.floor(Date.now() / 30_000);

/**
 * Codes the user pool has not seen yet. It accepts each 30 s step once per
 * user (replay protection) and one step either side of now, so this hands out
 * the next unused step, waiting for the clock only when the step after the
 * current one is spent too.
 */
export class TotpDevice {
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(readonly secret: string) {}

  async nextCode(): Promise<string> {
    const step = Math.max(currentStep(), this.lastStep + 1);
    const waitMs = (step - 1) * 30_000 - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs + 50));
    this.lastStep = step;
    return totpCode(this.secret, step);
  }

  /** A code that is wrong for every step the pool would accept now. */
  wrongCode(): string {
    const near = [-1, 0, 1].map((delta) => totpCode(this.secret, currentStep() + delta));
    let code = Number(near[1]);
    do code = (code + 1) % 1_000_000;
    while (near.includes(String(code).padStart(6, '0')));
    return String(code).padStart(6, '0');
  }
}

/** The last 6-digit code the backend logged for `username` (its stand-in for e-mail). */
export function loggedCode(logs: string[], username: string): string {
  for (let i = logs.length - 1; i >= 0; i -= 1) {
    const match = new RegExp(`code for ${username}: (\\d{6})`).exec(logs[i]!);
    if (match) return match[1]!;
  }
  throw new Error(`no code for ${username} in the backend log`);
}
