/**
 * What every file command shares: the signed-in session (see open-session.ts)
 * and its vault, link history in $S3VAULT_HOME, and Ctrl-C as "cancel": the
 * first one cancels the transfer cleanly (no partial file, no leftover
 * multipart upload), a second one exits at once.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { createVault, type Vault } from '../main/vault/vault';
import { cliLinkHistory } from './cli-link-history';
import { garbageRelief } from './garbage-relief';
import { openCliSession } from './open-session';

// Its home is cli-link-history.ts; bench/engine-share.ts takes it from here with withVault's other helpers.
export { cliLinkHistory };

/** `--out DIR` for an existing folder means "into it, under the file's own name", as cp does. */
export function intoFolder(target: string, name: string | undefined): string {
  try {
    return name && statSync(target).isDirectory() ? path.join(target, name) : target;
  } catch {
    return target;
  }
}

/** Runs `body` with the signed-in person's vault and a cancel signal; releases both afterwards. */
export async function withVault<T>(body: (vault: Vault, signal: AbortSignal) => Promise<T>): Promise<T> {
  const session = await openCliSession();
  const vault = createVault(session, {
    history: cliLinkHistory(),
    relieveMemory: garbageRelief(),
    blockingFileCalls: true,
  });
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling… (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await body(vault, controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
    vault.close();
    session.close();
  }
}
