import { parseArgs } from 'node:util';
import { formatBytes, formatDate } from '../cli-format';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { withVault } from '../vault-command';

/**
 * `s3vault ls [PATH] [--json]`: one folder of the vault (the top folder by
 * default), folders first with a trailing "/", then files with their size and
 * last change. With --json: `{"path","entries":[…],"unreadable"}`.
 */
export async function lsCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseUsage(() =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true }),
  );
  await reportErrors(values.json, async () => {
    if (positionals.length > 1)
      throw new CliVaultError('INVALID_INPUT', 'ls takes one PATH at most. Run "s3vault --help".');
    const listing = await withVault((vault) => vault.list(positionals[0] ?? ''));
    if (values.json) {
      console.log(JSON.stringify(listing));
      return;
    }
    const lines = listing.entries.map((entry) =>
      entry.kind === 'folder'
        ? `${'-'.padStart(10)}  ${''.padEnd(16)}  ${entry.name}/`
        : `${formatBytes(entry.size).padStart(10)}  ${formatDate(entry.modified)}  ${entry.name}`,
    );
    if (lines.length > 0) console.log(lines.join('\n'));
    if (listing.unreadable > 0) {
      process.stderr.write(
        `warning: ${listing.unreadable} item(s) here have names that failed their integrity check and are not shown.\n`,
      );
    }
  });
}
