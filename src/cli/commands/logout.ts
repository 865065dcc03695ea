import { parseArgs } from 'node:util';
import { refresh } from '../../main/vault/auth/refresh';
import { globalSignOut, type SignOutResult } from '../../main/vault/auth/sign-out';
import { VaultError } from '../../main/vault/errors';
import { parseUsage, reportErrors } from '../cli-errors';
import { FileSessionStore, s3vaultHome } from '../session-file';

type Outcome = SignOutResult | 'not-signed-in' | 'local-only';

/**
 * `s3vault logout [--json]`
 *
 * Signs out everywhere (global sign-out revokes every refresh token of the
 * account), then forgets the session file. Offline, the file is forgotten
 * anyway and the command says that the refresh token was not revoked.
 */
export async function logoutCommand(args: string[]): Promise<void> {
  const { values } = parseUsage(() =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true }),
  );
  await reportErrors(values.json, async () => {
    const store = new FileSessionStore(s3vaultHome());
    // Even a file others could read: revoking its token everywhere is the remedy for that.
    const stored = await store.load({ evenIfExposed: true }).catch((error: unknown) => {
      if (error instanceof VaultError && error.code === 'INVALID_INPUT') return null; // damaged: just remove it
      throw error;
    });
    let outcome: Outcome = 'not-signed-in';
    let warning = '';
    if (stored) {
      try {
        const tokens = await refresh(stored.profile, stored.refreshToken, stored.username);
        outcome = await globalSignOut(stored.profile, tokens);
      } catch (error) {
        if (error instanceof VaultError && error.code === 'AUTH_REQUIRED') outcome = 'already-ended';
        else {
          outcome = 'local-only';
          warning = error instanceof VaultError ? error.message : String(error);
        }
      }
    }
    await store.clear();

    if (values.json) {
      console.log(JSON.stringify({ signedOut: outcome, ...(warning ? { warning } : {}) }));
      return;
    }
    switch (outcome) {
      case 'signed-out':
        console.log('signed out everywhere; the session was removed from this computer.');
        break;
      case 'already-ended':
        console.log('the session had already ended; it was removed from this computer.');
        break;
      case 'not-signed-in':
        console.log('not signed in; nothing to do.');
        break;
      case 'local-only':
        console.log('the session was removed from this computer.');
        console.error(
          `s3vault logout: warning: could not sign out everywhere (${warning}) ` +
            'The refresh token stays valid until it expires; run "s3vault login" then "s3vault logout" when online to revoke it.',
        );
        break;
    }
  });
}
