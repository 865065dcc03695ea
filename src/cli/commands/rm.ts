import { parseArgs } from 'node:util';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { withVault } from '../vault-command';

/**
 * `s3vault rm PATH [--recursive] [--json]`: removes a file, an empty folder,
 * or (with --recursive) a folder and everything in it.
 */
export async function rmCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseUsage(() =>
    parseArgs({
      args,
      options: {
        recursive: { type: 'boolean', short: 'r', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  await reportErrors(values.json, async () => {
    if (positionals.length !== 1) throw new CliVaultError('INVALID_INPUT', 'rm needs exactly one PATH.');
    const removed = await withVault((vault) => vault.remove(positionals[0]!, { recursive: values.recursive }));
    if (values.json) console.log(JSON.stringify(removed));
    else if (removed.kind === 'folder') console.error(`removed the folder and ${removed.files} file(s) in it`);
  });
}
