/**
 * Part size and parallelism of multipart uploads. Memory per upload is about
 * (queueSize + 1) × partSize: lib-storage holds one part per uploader plus the
 * part it is filling. 6 MiB × 3 keeps a single upload near 24 MiB whatever
 * the file's size. Measured on a 300 MiB CLI put (peak RSS, 4 runs each):
 * 8 MiB × 4 gave 192–197 MB, too close to the 200 MB bound; 6 MiB × 3 gave
 * 173–184 MB at the same speed against the local backend (3.0–3.6 s).
 */
export const PART_SIZE = 6 * 1024 * 1024;
export const QUEUE_SIZE = 3;

/**
 * Files up to this size are read, encrypted and sent whole (one PutObject),
 * without streams: for a 16 KiB file the streaming path cost about twice the
 * CPU. Up to 4 such files are in flight, each held about three times (read,
 * encrypted chunks, joined body), so this bounds that memory to ~12 MiB.
 */
export const WHOLE_FILE_LIMIT = 1024 * 1024;

/** S3 allows 10,000 parts; leave room for the ciphertext's overhead. */
const MAX_PARTS = 9_000;
const MiB = 1024 * 1024;

/** The largest object S3 stores. */
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;

/**
 * The part size for a file of `plaintextSize` bytes: PART_SIZE, or larger (in
 * whole MiB) when the file would need more parts than S3 allows. The
 * ciphertext is a little larger than the plaintext (32 bytes per 256 KiB
 * frame and a header), which the bound below covers generously.
 */
export function partSizeFor(plaintextSize: number, base = PART_SIZE): number {
  const ciphertextBound = plaintextSize + Math.ceil(plaintextSize / 1000) + MiB;
  const needed = Math.ceil(ciphertextBound / MAX_PARTS / MiB) * MiB;
  return Math.max(base, needed);
}
