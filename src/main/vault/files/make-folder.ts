import { PutObjectCommand } from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import { objectExists, prefixInUse } from '../s3/object-probe';
import { isPreconditionFailure, s3ErrorToVaultError } from '../s3/s3-errors';
import type { FilesDeps } from './files-deps';
import { checkNoFileAbove, requireNamed } from './path-checks';

/**
 * Creates a folder: a zero-byte marker whose key is the folder's prefix (see
 * names/layout), written only if absent. A folder that exists already is
 * CONFLICT, unless `existOk`; a file of that name is always CONFLICT.
 * Folders above it need no markers: they exist as prefixes.
 */
export async function makeFolder(deps: FilesDeps, path: string, options: { existOk?: boolean } = {}): Promise<void> {
  requireNamed(path, 'created');
  const { s3, bucket, layout } = deps;
  if (await objectExists(deps, layout.objectKeyFor(path), path)) {
    throw new VaultError('CONFLICT', `“${path}” is a file in the vault.`);
  }
  const exists = () => new VaultError('CONFLICT', `The folder “${path}” already exists.`);
  if (await prefixInUse(deps, layout.prefixFor(path), path)) {
    if (options.existOk) return;
    throw exists();
  }
  await checkNoFileAbove(deps, path);
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: layout.folderKeyFor(path),
        Body: new Uint8Array(0),
        IfNoneMatch: '*',
      }),
    );
  } catch (error) {
    if (isPreconditionFailure(error)) {
      if (options.existOk) return;
      throw exists();
    }
    throw s3ErrorToVaultError(error, { permission: 's3:PutObject', subject: path });
  }
}
