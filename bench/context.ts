/**
 * What every scenario gets: the sizes, the vault and its user, the peers
 * (set up again when the session's credentials near their end), a scratch
 * folder, the recorder, and an admin S3 client for cleaning up between rounds.
 */
import { rmSync } from 'node:fs';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { sessionCredentials, type BenchVault } from './backend';
import type { BenchConfig } from './config';
import { setUpPeers, type Peers } from './peers';
import type { Recorder } from './recorder';

/** Renew the peers' credentials when fewer than this many milliseconds remain. */
const RENEW_MS = 10 * 60 * 1000;

/** Shared state of one bench run. */
export interface BenchContext {
  config: BenchConfig;
  vault: BenchVault;
  work: string;
  recorder: Recorder;
  /** The peers with credentials valid for at least ten more minutes. */
  peers(): Promise<Peers>;
  /** Deletes every object under `prefix` (bucket-relative) as the backend's admin: cleanup, never timed. */
  removePrefix(prefix: string): Promise<void>;
  /** Deletes a local path: cleanup, never timed. */
  removeLocal(target: string): void;
  log(line: string): void;
}

/** Builds the context of a run. */
export function createContext(options: {
  config: BenchConfig;
  vault: BenchVault;
  work: string;
  recorder: Recorder;
}): BenchContext {
  const { vault, work } = options;
  const admin = new S3Client({
    region: vault.profile.region,
    endpoint: vault.profile.endpoint,
    forcePathStyle: true,
    credentials: vault.profile.localAdmin,
  });
  let current: { peers: Peers; expires: number } | undefined;
  return {
    ...options,
    async peers() {
      if (!current || current.expires - Date.now() < RENEW_MS) {
        const credentials = await sessionCredentials(vault);
        current = { peers: setUpPeers(vault, credentials, work), expires: Date.parse(credentials.Expiration) };
      }
      return current.peers;
    },
    async removePrefix(prefix) {
      let token: string | undefined;
      do {
        const page = await admin.send(
          new ListObjectsV2Command({ Bucket: vault.profile.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key! }));
        if (keys.length > 0) {
          await admin.send(new DeleteObjectsCommand({ Bucket: vault.profile.bucket, Delete: { Objects: keys } }));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    removeLocal(target) {
      rmSync(target, { recursive: true, force: true });
    },
    log(line) {
      process.stderr.write(`[bench] ${line}\n`);
    },
  };
}

/** The three tools in a different order each round, so none always runs first (or after a warm-up). */
export function rotation<T>(tools: readonly T[], round: number): T[] {
  const shift = round % tools.length;
  return [...tools.slice(shift), ...tools.slice(0, shift)];
}
