import path from 'node:path';
import { createFileLinkHistory } from '../main/vault/shares/link-history-file';
import type { LinkHistory } from '../main/vault/shares/link-history';
import { s3vaultHome } from './session-file';

/**
 * The link history file of this CLI user. Apart from vault-command.ts, so
 * that `s3vault links` (no sign-in, no network) does not load the engine.
 */
export function cliLinkHistory(env: NodeJS.ProcessEnv = process.env): LinkHistory {
  return createFileLinkHistory(path.join(s3vaultHome(env), 'links.json'));
}
