/**
 * rclone (an s3 remote with a crypt remote over it) and the AWS CLI, set up
 * in the bench's own folder with the bench user's temporary credentials, so
 * all three tools face the same authorization on the same backend: only the
 * user's own prefix `private/<identityId>/` is theirs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchVault, SessionCredentials } from './backend';
import { measure, type Measured } from './measure';

/** The AWS CLI v2 (a v1 shim may come first on PATH). */
export const AWS = '/usr/bin/aws';
export const RCLONE = 'rclone';

/** The peers, ready to run. Re-create with fresh credentials before they expire. */
export interface Peers {
  /** `rclone ARGS` with the bench's config file. */
  rclone(args: string[]): Promise<Measured>;
  /** `aws ARGS --endpoint-url …` with the session's credentials. */
  aws(args: string[]): Promise<Measured>;
  /** s3://bucket/private/<id>/bench-aws */
  awsBase: string;
  /** The crypt remote's root: `vcrypt:` (private/<id>/bench-rclone/ underneath). */
  cryptRoot: string;
  /** Its plain s3 side: `vs3:bucket/private/<id>/bench-rclone`. */
  plainRoot: string;
}

/** Configures rclone and the AWS CLI in `work` with `credentials`. */
export function setUpPeers(vault: BenchVault, credentials: SessionCredentials, work: string): Peers {
  const home = path.join(work, 'peer-home');
  mkdirSync(home, { recursive: true });
  const { profile, identityId } = vault;
  const own = `private/${identityId}`;
  const configFile = path.join(home, 'rclone.conf');
  const password = execFileSync(RCLONE, ['obscure', 'bench-crypt-password'], { encoding: 'utf8' }).trim();
  // session_token is an option of rclone's s3 backend: rclone signs as the same temporary session.
  // no_check_bucket: the user may not create or probe the bucket, only write under their prefix.
  writeFileSync(
    configFile,
    [
      '[vs3]',
      'type = s3',
      'provider = Other',
      `access_key_id = ${credentials.AccessKeyId}`,
      `secret_access_key = ${credentials.SecretAccessKey}`,
      `session_token = ${credentials.SessionToken}`,
      `endpoint = ${profile.endpoint}`,
      `region = ${profile.region}`,
      'force_path_style = true',
      'no_check_bucket = true',
      '',
      '[vcrypt]',
      'type = crypt',
      `remote = vs3:${profile.bucket}/${own}/bench-rclone`,
      `password = ${password}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const rcloneEnv = { HOME: home, RCLONE_CONFIG: configFile };
  const awsEnv = {
    HOME: home,
    AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
    AWS_SESSION_TOKEN: credentials.SessionToken,
    AWS_DEFAULT_REGION: profile.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
    AWS_PAGER: '',
  };
  return {
    rclone: (args) => measure({ command: RCLONE, args, env: rcloneEnv }),
    aws: (args) => measure({ command: AWS, args: [...args, '--endpoint-url', profile.endpoint], env: awsEnv }),
    awsBase: `s3://${profile.bucket}/${own}/bench-aws`,
    cryptRoot: 'vcrypt:',
    plainRoot: `vs3:${profile.bucket}/${own}/bench-rclone`,
  };
}
