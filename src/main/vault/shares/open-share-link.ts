import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FileCipher } from '../crypto/file-cipher';
import { isNetworkFailure } from '../crypto/kms-errors';
import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';
import { FILE_ID_HEADER, isFileId, PLAINTEXT_SIZE_METADATA } from '../s3/file-metadata';
import { cancelledError } from '../transfers/abort';
import { checkTargetFree } from '../transfers/atomic-file';
import { decryptToFile } from '../transfers/decrypt-to-file';
import { isAppLink, parseAppLink, type AppLink } from './app-link';
import { parsePresignedUrl, type PresignedUrl } from './presigned-url';

/** What opening a link needs: the opener's profile and their own file cipher (their KMS access). */
export interface OpenLinkDeps {
  profile: Pick<VaultProfile, 'bucket' | 'endpoint' | 'region' | 'vaultId'>;
  cipher: FileCipher;
  /** Write the file with blocking calls (TransferDeps.blockingFileCalls: the CLI). */
  blockingFileCalls?: boolean;
  /** The clock (tests). */
  now?: () => number;
}

export interface OpenLinkOptions {
  overwrite?: boolean;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number) => void;
}

/** A link read before anything is fetched. */
export interface LinkFacts {
  presigned: PresignedUrl;
  app?: AppLink;
}

/** A file saved from a link. */
export interface OpenedLink {
  target: string;
  size: number;
  owner: string;
  fileId: string;
}

/** The most of an error answer read (S3's XML errors are small). */
const ERROR_BODY_LIMIT = 16 * 1024;

/**
 * Reads a share link (an app link or a plain pre-signed URL) and checks it:
 * see parsePresignedUrl; an app link's owner must be the one in the key.
 */
export function readLink(link: string, profile: OpenLinkDeps['profile']): LinkFacts {
  const app = isAppLink(link) ? parseAppLink(link) : undefined;
  const presigned = parsePresignedUrl(app ? app.url : link, profile);
  if (app?.owner !== undefined && app.owner !== presigned.owner) {
    throw new VaultError('TAMPERED', "This link's owner does not match the file it points to: it was altered.");
  }
  if (app?.file !== undefined && !isFileId(app.file)) {
    throw new VaultError('INVALID_INPUT', 'This link is damaged (its file id is not valid).');
  }
  return { presigned, ...(app ? { app } : {}) };
}

/**
 * Opens a share link: checks it (a link that expired fails before anything is
 * fetched), downloads the encrypted file with a plain HTTPS GET (no
 * credentials: the URL's signature is the permission), and decrypts it with
 * the opener's own KMS access into `target` (a temporary file, renamed once
 * the last frame is authenticated). The message must be the owner's (from
 * the object key) and have the file id of the response's x-amz-meta-file-id
 * header as its message id; that header must match what an app link says.
 */
export async function openShareLink(
  deps: OpenLinkDeps,
  link: string,
  target: string,
  options: OpenLinkOptions = {},
): Promise<OpenedLink> {
  const { presigned, app } = readLink(link, deps.profile);
  const now = (deps.now ?? Date.now)();
  if (now >= presigned.expiresAt.getTime()) {
    throw new VaultError('NOT_FOUND', `This link expired at ${presigned.expiresAt.toISOString()}.`);
  }
  await checkTargetFree(target, options.overwrite === true);

  let response: Response;
  try {
    // No credentials, cookies or redirects: the signed URL alone.
    response = await fetch(presigned.url, { redirect: 'error', signal: options.signal, credentials: 'omit' });
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError();
    if (isNetworkFailure(error) || (error instanceof TypeError && /fetch failed/.test(error.message))) {
      throw new VaultError('NETWORK', 'Could not reach Amazon S3. Check your network connection.', { cause: error });
    }
    throw new VaultError('INTERNAL', 'The link could not be opened.', { cause: error });
  }
  if (!response.ok || !response.body) throw await refusal(response, presigned);

  const fileId = response.headers.get(FILE_ID_HEADER) ?? '';
  if (!isFileId(fileId) || (app?.file !== undefined && app.file !== fileId)) {
    await response.body.cancel().catch(() => {});
    throw new VaultError('TAMPERED', "The linked file's id does not match the link: the file was replaced or altered.");
  }
  const total = Number(response.headers.get(`x-amz-meta-${PLAINTEXT_SIZE_METADATA}`));
  const size = await decryptToFile({
    cipher: deps.cipher,
    context: { vault: deps.profile.vaultId, owner: presigned.owner, file: fileId },
    ciphertext: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    target,
    overwrite: options.overwrite === true,
    targetChecked: true,
    signal: options.signal,
    blockingWrites: deps.blockingFileCalls,
    total: Number.isSafeInteger(total) ? total : 0,
    onProgress: options.onProgress,
  });
  return { target, size, owner: presigned.owner, fileId };
}

/** S3's refusal of a link, in words: expired, altered, or gone. */
async function refusal(response: Response, presigned: PresignedUrl): Promise<VaultError> {
  const body = (await response.text().catch(() => '')).slice(0, ERROR_BODY_LIMIT);
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? '';
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? '';
  if (code === 'SignatureDoesNotMatch' || code === 'AuthorizationQueryParametersError') {
    return new VaultError('ACCESS_DENIED', 'The link is not valid (its signature does not match).');
  }
  if (code === 'ExpiredToken' || code === 'TokenRefreshRequired') {
    return new VaultError(
      'NOT_FOUND',
      'This link expired: the credentials that signed it expired before its own expiry. Ask for a new link.',
    );
  }
  if (code === 'AccessDenied' && /expired/i.test(message)) {
    return new VaultError('NOT_FOUND', `This link expired at ${presigned.expiresAt.toISOString()}.`);
  }
  if (code === 'NoSuchKey' || response.status === 404) {
    return new VaultError('NOT_FOUND', 'The file of this link is no longer in the vault.');
  }
  if (code === 'InvalidAccessKeyId' || code === 'InvalidToken') {
    return new VaultError('ACCESS_DENIED', 'The link is not valid (S3 does not know the credentials that signed it).');
  }
  if (response.status === 403) {
    return new VaultError('ACCESS_DENIED', 'S3 refused this link (s3:GetObject): it may have been revoked.');
  }
  if (response.status === 503 || response.status === 500) {
    return new VaultError('UNAVAILABLE', 'Amazon S3 is busy or unavailable. Try again in a moment.');
  }
  return new VaultError('INTERNAL', `S3 answered the link with HTTP ${response.status}${code ? ` (${code})` : ''}.`);
}
