import path from 'node:path';
import { parseArgs } from 'node:util';
import { finishBatch } from '../batch-report';
import { formatBytes } from '../cli-format';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { createProgressLine } from '../progress-line';
import { intoFolder, withVault } from '../vault-command';
import type { DownloadResult } from '../../main/vault/vault';

/**
 * `s3vault get PATH [--out FILE] [--overwrite] [--json]`: downloads and
 * decrypts a file (or a folder with its tree) to FILE, by default its own name
 * in the current folder. The file appears only once it is complete and
 * authenticated; an existing file is kept unless --overwrite.
 */
export async function getCommand(args: string[]): Promise<void> {
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
  let result: DownloadResult | undefined;
  await reportErrors(values.json, async () => {
    if (positionals.length !== 1) throw new CliVaultError('INVALID_INPUT', 'get needs exactly one PATH.');
    const source = positionals[0]!.replace(/\/+$/, '');
    const name = source.slice(source.lastIndexOf('/') + 1);
    if (!values.out && !name) throw new CliVaultError('INVALID_INPUT', 'getting the top folder needs --out DIR.');
    const target = intoFolder(path.resolve(values.out ?? name), name);
    const progress = createProgressLine();
    try {
      result = await withVault((vault, signal) =>
        vault.download(source, target, { overwrite: values.overwrite, signal, onProgress: progress?.update }),
      );
    } finally {
      progress?.done();
    }
    if (result.kind === 'file') {
      if (values.json) console.log(JSON.stringify(result.file));
      else console.log(`${result.file.target}  ${formatBytes(result.file.size)}`);
    }
  });
  if (result?.kind !== 'folder') return;
  if (!values.json) for (const file of result.downloaded) console.log(`${file.target}  ${formatBytes(file.size)}`);
  finishBatch(
    values.json,
    { downloaded: result.downloaded },
    result.failed.map((failure) => ({
      label: failure.path,
      error: failure.error,
      fields: { path: failure.path, target: failure.target },
    })),
    { total: result.downloaded.length + result.failed.length, noun: 'files' },
  );
}
