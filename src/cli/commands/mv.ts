import { parseArgs } from 'node:util';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { withVault } from '../vault-command';

/**
 * `s3vault mv FROM TO [--json]`: moves or renames a file or folder. TO is the
 * new path; a TO ending in "/" is a folder to move FROM into, keeping its name.
 * Nothing is overwritten: a TO that exists is refused.
 */
export async function mvCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseUsage(() =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true }),
  );
  await reportErrors(values.json, async () => {
    if (positionals.length !== 2) throw new CliVaultError('INVALID_INPUT', 'mv needs FROM and TO.');
    const [from, to] = positionals as [string, string];
    const name = from.replace(/\/+$/, '').split('/').pop() ?? '';
    const target = to.endsWith('/') ? `${to}${name}` : to;
    const moved = await withVault((vault) => vault.move(from, target));
    if (values.json) console.log(JSON.stringify(moved));
  });
}
