/**
 * The vault as the CLI and the app use it: one object per signed-in session,
 * with every file operation, transfer and share link. It owns the session's
 * S3 and KMS clients, its keyring and file cipher, and loads the person's
 * name key once (on first use) for the whole session.
 */
import { createFileCipher } from './crypto/file-cipher';
import { createDirectObjects } from './s3/direct-objects';
import { createKmsClient } from './crypto/kms-client';
import { createKmsKeyring } from './crypto/kms-keyring';
import type { KmsTimings } from './crypto/kms-timings';
import { VaultError } from './errors';
import type { FolderListing } from './files/file-entries';
import { listFolder, type ListOptions } from './files/list-folder';
import { makeFolder } from './files/make-folder';
import { movePath, type Moved } from './files/move-path';
import { createPlaintextSizes } from './files/plaintext-sizes';
import { removePath, type Removed } from './files/remove-path';
import { createVaultLayout, type VaultLayout } from './names/layout';
import { createNameCipher } from './names/name-cipher';
import { loadOrCreateNameKey } from './names/name-key';
import { splitPath } from './names/segment-rules';
import { reportMissingAsNotFound } from './s3/missing-as-not-found';
import { objectSize } from './s3/object-probe';
import { createS3Client } from './s3/s3-client';
import type { VaultSession } from './session';
import { createMemoryLinkHistory, type LinkHistory, type LinkHistoryEntry } from './shares/link-history';
import { openShareLink, type OpenedLink } from './shares/open-share-link';
import { createShareLink, type ShareLink } from './shares/share-link';
import { checkStatus, type StatusOptions } from './status/check-status';
import type { ProbeResult } from './status/probe-types';
import { downloadFile, type DownloadedFile } from './transfers/download-file';
import { downloadTree, type DownloadOutcome } from './transfers/download-tree';
import type { TransferDeps } from './transfers/transfer-deps';
import type { TransferControl } from './transfers/transfer-types';
import { uploadBatch, type UploadOutcome } from './transfers/upload-batch';
import { planUpload } from './transfers/upload-plan';

export interface UploadOptions extends TransferControl {
  /** The vault folder to upload into ("" or absent: the top folder). */
  to?: string;
  /** Replace files that exist; without it they fail with CONFLICT. */
  overwrite?: boolean;
}

export interface DownloadOptions extends TransferControl {
  /** Replace local files that exist; without it they fail with CONFLICT before anything is fetched. */
  overwrite?: boolean;
}

export type OpenLinkOptions = DownloadOptions;

/** What a download did: one file, or a folder's files. */
export type DownloadResult = { kind: 'file'; file: DownloadedFile } | ({ kind: 'folder' } & DownloadOutcome);

export interface Vault {
  readonly identityId: string;
  /** One folder's files and folders with their plaintext sizes ("" is the top folder). */
  list(path?: string, options?: ListOptions): Promise<FolderListing>;
  /** Uploads local files and folders (trees kept) into a vault folder; each file's outcome is reported. */
  upload(sources: readonly string[], options?: UploadOptions): Promise<UploadOutcome>;
  /** Downloads a file to `target`, or a folder (with its tree) into the folder `target`. */
  download(path: string, target: string, options?: DownloadOptions): Promise<DownloadResult>;
  /** Removes a file, or a folder (with `recursive` if it is not empty). */
  remove(path: string, options?: { recursive?: boolean }): Promise<Removed>;
  /** Moves or renames a file or folder; the target must be free. */
  move(from: string, to: string): Promise<Moved>;
  /** Creates an (empty) folder. */
  mkdir(path: string): Promise<void>;
  /** Creates a share link (default lifetime: one hour, capped as the credentials allow). */
  share(path: string, options?: { seconds?: number }): Promise<ShareLink>;
  /** Saves the file of a share link (app link or pre-signed URL) to `target`, decrypted. */
  openLink(link: string, target: string, options?: OpenLinkOptions): Promise<OpenedLink>;
  /** Share links made on this device, newest first. */
  links(): Promise<LinkHistoryEntry[]>;
  /** The health of the vault as this session sees it (the status panel's probes); never throws. */
  status(options?: StatusOptions): Promise<ProbeResult[]>;
  /** Releases the session's connections. */
  close(): void;
}

export interface CreateVaultOptions {
  /** Where share links are remembered (a JSON file in the CLI, electron-store in the app); memory if absent. */
  history?: LinkHistory;
  /** See TransferDeps.relieveMemory. */
  relieveMemory?: TransferDeps['relieveMemory'];
  /** See TransferDeps.blockingFileCalls. */
  blockingFileCalls?: boolean;
}

/** A share link's lifetime when none is asked for. */
export const DEFAULT_SHARE_SECONDS = 3600;

/**
 * A vault path as the engine uses it: names checked and NFC-normalized, joined
 * by "/"; a leading or trailing "/" is dropped ("/Photos/" is "Photos"), ""
 * and "/" are the top folder.
 */
export function canonicalPath(path: string): string {
  return splitPath(path.replace(/^\/+/, '').replace(/\/+$/, '')).join('/');
}

/** Creates the vault of a signed-in session. */
export function createVault(session: VaultSession, options: CreateVaultOptions = {}): Vault {
  const { profile, identityId } = session;
  const s3 = createS3Client(profile, session.credentials);
  const kmsTimings: KmsTimings = {};
  const kms = createKmsClient({
    region: profile.region,
    endpoint: profile.endpoint,
    credentials: session.credentials,
    timings: kmsTimings,
  });
  const cipher = createFileCipher({
    keyring: createKmsKeyring({ keyArn: profile.keyArn, client: kms }),
    cacheDataKeys: true,
  });
  const history = options.history ?? createMemoryLinkHistory();
  const sizes = createPlaintextSizes();
  const base = { s3, bucket: profile.bucket };
  const objects = createDirectObjects(profile, session.credentials);
  const transfer = {
    ...base,
    cipher,
    objects,
    vaultId: profile.vaultId,
    identityId,
    relieveMemory: options.relieveMemory,
    blockingFileCalls: options.blockingFileCalls,
  };

  let layoutLoading: Promise<VaultLayout> | undefined;
  /** The person's layout, with their name key: loaded once per session (and again only after a failure). */
  const layout = (): Promise<VaultLayout> => {
    layoutLoading ??= loadOrCreateNameKey({
      // Members get 403 for a missing name key; name-key.ts expects NoSuchKey (see reportMissingAsNotFound).
      s3: reportMissingAsNotFound(s3, profile.bucket),
      kms,
      bucket: profile.bucket,
      vaultId: profile.vaultId,
      identityId,
      keyArn: profile.keyArn,
    }).then(
      (nameKey) =>
        createVaultLayout({ identityId, names: createNameCipher({ nameKey, vaultId: profile.vaultId, identityId }) }),
      (error: unknown) => {
        layoutLoading = undefined;
        throw error;
      },
    );
    return layoutLoading;
  };

  return {
    identityId,

    async list(path = '', listOptions) {
      return listFolder({ ...base, layout: await layout(), sizes }, canonicalPath(path), listOptions);
    },

    async upload(sources, uploadOptions = {}) {
      if (sources.length === 0) throw new VaultError('INVALID_INPUT', 'Nothing to upload.');
      const files = { ...transfer, layout: await layout() };
      const plan = await planUpload(sources, canonicalPath(uploadOptions.to ?? ''));
      return uploadBatch(
        { ...files, makeFolder: (path) => makeFolder(files, path, { existOk: true }) },
        plan,
        uploadOptions,
      );
    },

    async download(path, target, downloadOptions = {}) {
      const canonical = canonicalPath(path);
      const deps = { ...transfer, layout: await layout() };
      if (canonical !== '') {
        const key = deps.layout.objectKeyFor(canonical);
        const size = await objectSize(deps, key, canonical);
        if (size !== undefined) {
          const file = await downloadFile(
            deps,
            { path: canonical, key, target, size },
            {
              overwrite: downloadOptions.overwrite,
              signal: downloadOptions.signal,
              onProgress: (bytes, total) =>
                downloadOptions.onProgress?.({
                  path: canonical,
                  bytes,
                  total,
                  batch: { bytes, total, files: 1, filesDone: 0 },
                }),
            },
          );
          return { kind: 'file', file };
        }
      }
      return { kind: 'folder', ...(await downloadTree(deps, canonical, target, downloadOptions)) };
    },

    async remove(path, removeOptions) {
      return removePath({ ...base, layout: await layout() }, canonicalPath(path), removeOptions);
    },

    async move(from, to) {
      return movePath({ ...base, layout: await layout() }, canonicalPath(from), canonicalPath(to));
    },

    async mkdir(path) {
      await makeFolder({ ...base, layout: await layout() }, canonicalPath(path));
    },

    async share(path, shareOptions = {}) {
      return createShareLink(
        { ...base, layout: await layout(), session, history },
        canonicalPath(path),
        shareOptions.seconds ?? DEFAULT_SHARE_SECONDS,
      );
    },

    async openLink(link, target, linkOptions = {}) {
      return openShareLink({ profile, cipher, blockingFileCalls: options.blockingFileCalls }, link, target, {
        overwrite: linkOptions.overwrite,
        signal: linkOptions.signal,
        onProgress: (bytes, total) =>
          linkOptions.onProgress?.({ path: target, bytes, total, batch: { bytes, total, files: 1, filesDone: 0 } }),
      });
    },

    links: () => history.list(),

    status: (statusOptions) => checkStatus({ s3, kms, session, history, layout, kmsTimings }, statusOptions),

    close() {
      s3.destroy();
      kms.destroy();
      objects.close();
      cipher.close();
    },
  };
}
