import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes } from '../cli-format';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { createProgressLine } from '../progress-line';
import { intoFolder, withVault } from '../vault-command';
import { isAppLink, parseAppLink, safeFileName } from '../../main/vault/shares/app-link';

/**
 * `s3vault open-link LINK [--out FILE] [--overwrite] [--json]`: downloads the
 * file of a share link (an s3vault:// app link, or the plain pre-signed URL)
 * and decrypts it with your own access to the vault key. FILE defaults to the
 * name an app link carries, in the current folder.
 */
export async function openLinkCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseUsage(() =>
    parseArgs({
      args,
      options: {
        out: { type: 'string' },
        overwrite: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  await reportErrors(values.json, async () => {
    if (positionals.length !== 1) throw new CliVaultError('INVALID_INPUT', 'open-link needs exactly one LINK.');
    const link = positionals[0]!;
    let out = values.out;
    if (!out) {
      const name = isAppLink(link) ? safeFileName(parseAppLink(link).name) : undefined;
      if (!name) {
        throw new CliVaultError('INVALID_INPUT', 'this link carries no usable file name: pass --out FILE.');
      }
      out = name;
    }
    const target = intoFolder(path.resolve(out), isAppLink(link) ? safeFileName(parseAppLink(link).name) : undefined);
    const progress = createProgressLine();
    try {
      const opened = await withVault((vault, signal) =>
        vault.openLink(link, target, { overwrite: values.overwrite, signal, onProgress: progress?.update }),
      );
      progress?.done();
      if (values.json) console.log(JSON.stringify(opened));
      else console.log(`${opened.target}  ${formatBytes(opened.size)}`);
    } finally {
      progress?.done();
    }
  });
}
