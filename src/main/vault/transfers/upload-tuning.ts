/**
 * Part size and parallelism of multipart uploads. Memory per upload is about
 * (queueSize + 1) × partSize: lib-storage holds one part per uploader plus the
 * part it is filling. 8 MiB × 4 keeps a single upload near 40 MiB whatever
 * the file's size, while four parts in flight keep a fast link busy.
 * (Measured: see the engine's integration tests, which print throughput and
 * the CLI's peak RSS for a 300 MiB file.)
 */
export const PART_SIZE = 8 * 1024 * 1024;
export const QUEUE_SIZE = 4;

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
