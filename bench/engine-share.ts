/**
 * The engine's share links in one process: reads vault paths from stdin, one
 * a line, and prints each link's pre-signed URL, one a line. It opens the
 * signed-in CLI session (S3VAULT_HOME) and the same link history as
 * `s3vault share`, so the only difference from a process per link is the
 * process and session start paid once.
 */
import { readFileSync } from 'node:fs';
import { cliLinkHistory } from '../src/cli/vault-command';
import { openCliSession } from '../src/cli/open-session';
import { createVault } from '../src/main/vault/vault';

async function main(): Promise<void> {
  const paths = readFileSync(0, 'utf8').split('\n').filter(Boolean);
  const session = await openCliSession();
  const vault = createVault(session, { history: cliLinkHistory() });
  try {
    const out: string[] = [];
    for (const path of paths) out.push((await vault.share(path)).url);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    vault.close();
    session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
