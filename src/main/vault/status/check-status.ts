/**
 * The status service: the seven probes of the status panel (DESIGN §2),
 * run side by side, each with its own deadline. Never throws: whatever goes
 * wrong is a probe in error with its reason.
 */
import type { KMS } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CognitoTokens } from '../auth/tokens';
import type { KmsTimings } from '../crypto/kms-timings';
import type { VaultLayout } from '../names/layout';
import type { VaultSession } from '../session';
import type { LinkHistory } from '../shares/link-history';
import { bucketProbe } from './bucket-probe';
import { credentialsProbe } from './credentials-probe';
import { keyProbe } from './key-probe';
import type { ProbeResult } from './probe-types';
import { runProbes } from './run-probes';
import { shareLinksProbe } from './share-links-probe';
import { storageProbe } from './storage-probe';
import { TransferTally, type TransferTotals } from './transfer-tally';
import { transfersProbe } from './transfers-probe';
import { userPoolProbe } from './user-pool-probe';

/** What the caller adds to a check: the session's tokens and transfers, the deadline and clock. */
export interface StatusOptions {
  /** The session's user pool tokens (SignedInVaultSession.tokens); without them the User pool probe warns. */
  tokens?: () => Promise<CognitoTokens>;
  /** This session's transfers; zeros when absent. */
  transfers?: () => TransferTotals;
  /** Per probe (default 5000). */
  timeoutMs?: number;
  now?: () => number;
}

/** The engine's parts the probes read; the vault passes its own. */
export interface StatusDeps {
  s3: S3Client;
  kms: KMS;
  session: VaultSession;
  history: LinkHistory;
  layout: () => Promise<VaultLayout>;
  kmsTimings: KmsTimings;
}

/** Runs every probe; results in the panel's order: Bucket, User pool, Key, Credentials, Share links, Storage, Transfers. */
export function checkStatus(deps: StatusDeps, options: StatusOptions = {}): Promise<ProbeResult[]> {
  const { s3, kms, session, history } = deps;
  const totals = options.transfers ?? (() => new TransferTally().snapshot());
  return runProbes(
    [
      bucketProbe(s3, session.profile.bucket),
      userPoolProbe(session.profile, options.tokens),
      keyProbe(kms, session.profile.keyArn, deps.kmsTimings),
      credentialsProbe(session),
      shareLinksProbe(s3, session, history),
      storageProbe(s3, session, deps.layout),
      transfersProbe(totals),
    ],
    { timeoutMs: options.timeoutMs, now: options.now },
  );
}
