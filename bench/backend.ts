/**
 * The bench's vault: `s3vault local` as a process on a free port, one user
 * signed in with `s3vault login` (S3VAULT_HOME in the bench's folder), and
 * that user's temporary AWS credentials for the peers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalProfile } from '../src/local/profile';
import { measure, watchBackend, type Measured } from './measure';

/** The built CLI (npm run bench builds it first). */
export const CLI = path.resolve('dist/cli/s3vault.cjs');

/** The bench user: a pool-valid password, used for nothing else. */
export const USER = { username: 'bench', password: 'Bench-Vault-Pass-42!' };

/** Temporary credentials, as `s3vault credentials` prints them (credential_process format). */
export interface SessionCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

/** A running local backend, and the signed-in bench user. */
export interface BenchVault {
  profile: LocalProfile;
  profileFile: string;
  /** The environment every `s3vault` run gets (S3VAULT_HOME, HOME). */
  env: Record<string, string>;
  identityId: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `s3vault ARGS` measured, as the bench user. */
export function s3vault(vault: Pick<BenchVault, 'env'>, args: string[], input?: string): Promise<Measured> {
  return measure({ command: process.execPath, args: [CLI, ...args], env: vault.env, input });
}

/** Starts `s3vault local --port 0` with the bench user, and signs that user in. */
export async function startBenchVault(work: string): Promise<BenchVault> {
  const profileFile = path.join(work, 'profile.json');
  const child = spawn(
    process.execPath,
    [
      CLI,
      'local',
      '--data',
      path.join(work, 'backend'),
      '--port',
      '0',
      '--profile-out',
      profileFile,
      '--user',
      `${USER.username}:${USER.password}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/^ready http:\/\/127\.0\.0\.1:\d+$/m.test(stdout)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`s3vault local exited with ${code}:\n${log}`)));
  });
  // Its CPU time is counted in every run from now on: the tools and the backend share the cores.
  watchBackend(child.pid);
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as LocalProfile;
  // Without localAdmin: the user's CLI gets only what a person's profile has.
  const userProfileFile = path.join(work, 'user-profile.json');
  const { localAdmin: _admin, ...userProfile } = profile;
  writeFileSync(userProfileFile, JSON.stringify(userProfile));
  const env = { S3VAULT_HOME: path.join(work, 'home'), HOME: path.join(work, 'home') };
  const vault = {
    profile,
    profileFile: userProfileFile,
    env,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  await login(vault);
  const who = JSON.parse((await s3vault(vault, ['whoami', '--json'])).stdout) as { identityId: string };
  return { ...vault, identityId: who.identityId };
}

/** `s3vault login` (SRP) as the bench user; measured. */
export function login(vault: Pick<BenchVault, 'env' | 'profileFile'>): Promise<Measured> {
  return s3vault(
    vault,
    ['login', '--username', USER.username, '--profile', vault.profileFile, '--password-stdin'],
    `${USER.password}\n`,
  );
}

/** The bench user's current temporary credentials, from `s3vault credentials`. */
export async function sessionCredentials(vault: Pick<BenchVault, 'env'>): Promise<SessionCredentials> {
  return JSON.parse((await s3vault(vault, ['credentials'])).stdout) as SessionCredentials;
}
