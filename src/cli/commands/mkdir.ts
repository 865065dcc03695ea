import { parseArgs } from 'node:util';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { withVault } from '../vault-command';

/** `s3vault mkdir PATH [--json]`: creates an empty folder (folders above it need not exist). */
export async function mkdirCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseUsage(() =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true }),
  );
  await reportErrors(values.json, async () => {
    if (positionals.length !== 1) throw new CliVaultError('INVALID_INPUT', 'mkdir needs exactly one PATH.');
    await withVault((vault) => vault.mkdir(positionals[0]!));
    if (values.json) console.log(JSON.stringify({ created: positionals[0] }));
  });
}
