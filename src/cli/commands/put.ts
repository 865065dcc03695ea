import { parseArgs } from 'node:util';
import { finishBatch } from '../batch-report';
import { formatBytes } from '../cli-format';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { createProgressLine } from '../progress-line';
import { withVault } from '../vault-command';
import type { UploadOutcome } from '../../main/vault/transfers/upload-batch';

/**
 * `s3vault put FILE_OR_DIR... [--to PATH] [--overwrite] [--json]`: encrypts
 * and uploads files, and folders with their whole tree, into the vault folder
 * PATH (the top folder by default). A file already in the vault is kept
 * unless --overwrite. Each file succeeds or fails on its own; the exit code
 * is the first failure's.
 */
export async function putCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseUsage(() =>
    parseArgs({
      args,
      options: {
        to: { type: 'string', default: '' },
        overwrite: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  let outcome: UploadOutcome | undefined;
  await reportErrors(values.json, async () => {
    if (positionals.length === 0) throw new CliVaultError('INVALID_INPUT', 'put needs at least one FILE or DIR.');
    const progress = createProgressLine();
    try {
      outcome = await withVault((vault, signal) =>
        vault.upload(positionals, {
          to: values.to,
          overwrite: values.overwrite,
          signal,
          onProgress: progress?.update,
        }),
      );
    } finally {
      progress?.done();
    }
  });
  const result = outcome!;
  for (const skipped of result.skipped) process.stderr.write(`skipped ${skipped.localPath}: ${skipped.reason}\n`);
  if (!values.json) {
    for (const file of result.uploaded) console.log(`${file.path}  ${formatBytes(file.size)}`);
    for (const folder of result.folders) console.log(`${folder}/`);
  }
  finishBatch(
    values.json,
    { uploaded: result.uploaded, folders: result.folders, skipped: result.skipped },
    result.failed.map((failure) => ({
      label: failure.localPath || failure.path,
      error: failure.error,
      fields: { path: failure.path, localPath: failure.localPath },
    })),
    { total: result.uploaded.length + result.failed.length + result.folders.length, noun: 'items' },
  );
}
