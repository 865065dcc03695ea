import { Readable } from 'node:stream';
import { getObjectFailure } from '../s3/object-probe';
import { errorNameOf } from '../s3/s3-errors';
import { cancelledError } from './abort';
import type { OpenedObject } from './object-reader';
import type { TransferDeps } from './transfer-deps';
import { WHOLE_FILE_LIMIT } from './upload-tuning';

/**
 * The largest object fetched whole by openWholeObject: a file read whole on
 * upload, plus the message's header and frames (well under 64 KiB more).
 */
export const WHOLE_OBJECT_LIMIT = WHOLE_FILE_LIMIT + 64 * 1024;

/**
 * GETs a small object whole with one direct request (see direct-objects.ts)
 * and serves it as an OpenedObject, so a small file skips the SDK's
 * per-request cost and the resumable stream. Resolves to undefined when the
 * object turns out larger than WHOLE_OBJECT_LIMIT (it was replaced since it
 * was listed): the caller then streams it with openObject.
 */
export async function openWholeObject(
  deps: TransferDeps,
  key: string,
  subject: string,
  signal?: AbortSignal,
): Promise<OpenedObject | undefined> {
  try {
    const object = await deps.objects.get(key, { maxBytes: WHOLE_OBJECT_LIMIT, signal });
    deps.relieveMemory?.();
    return { metadata: object.metadata, size: object.body.length, body: Readable.from([object.body]) };
  } catch (error) {
    if (errorNameOf(error) === 'ObjectTooLarge') return undefined;
    if (signal?.aborted) throw cancelledError();
    throw await getObjectFailure(deps, key, subject, error);
  }
}
