import { randomBytes } from 'node:crypto';

/**
 * Random bytes for identifiers that are not secrets (request ids, S3 host ids,
 * data file names, version ids). Every small S3 request needs several, and one
 * `randomBytes` call each showed up in profiles of many small uploads; so they
 * are cut from a pool filled by the same CSPRNG a few KiB at a time. Each byte
 * is handed out once. Keys, tokens and other secrets keep calling `randomBytes`.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function idBytes(size: number): Buffer {
  if (size > POOL_BYTES) return randomBytes(size);
  if (offset + size > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + size);
  offset += size;
  return bytes;
}

/** `size` random bytes as an id string in `encoding`, like `randomBytes(size).toString(encoding)`. */
export function randomId(size: number, encoding: 'hex' | 'base64' | 'base64url'): string {
  return idBytes(size).toString(encoding);
}
