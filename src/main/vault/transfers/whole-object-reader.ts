import { getObjectFailure } from '../s3/object-probe';
import { errorNameOf } from '../s3/s3-errors';
import { cancelledError } from './abort';
import type { TransferDeps } from './transfer-deps';
import { WHOLE_FILE_LIMIT } from './upload-tuning';

/**
 * The largest object fetched whole by getWholeObject: a file read whole on
 * upload, plus the message's header and frames (well under 64 KiB more).
 */
export const WHOLE_OBJECT_LIMIT = WHOLE_FILE_LIMIT + 64 * 1024;

/** A small object, all of it in memory. */
export interface WholeObject {
  /** User metadata (lower-case names, without x-amz-meta-). */
  metadata: Record<string, string>;
  body: Buffer;
}

/**
 * GETs a small object whole with one direct request (see direct-objects.ts),
 * so a small file skips the SDK's per-request cost and the resumable stream,
 * and its bytes can be decrypted and written whole, without streams.
 * Resolves to undefined when the object turns out larger than
 * WHOLE_OBJECT_LIMIT (it was replaced since it was listed): the caller then
 * streams it with openObject.
 */
export async function getWholeObject(
  deps: TransferDeps,
  key: string,
  subject: string,
  signal?: AbortSignal,
): Promise<WholeObject | undefined> {
  try {
    const object = await deps.objects.get(key, { maxBytes: WHOLE_OBJECT_LIMIT, signal });
    deps.relieveMemory?.();
    return { metadata: object.metadata, body: object.body };
  } catch (error) {
    if (errorNameOf(error) === 'ObjectTooLarge') return undefined;
    if (signal?.aborted) throw cancelledError();
    throw await getObjectFailure(deps, key, subject, error);
  }
}
