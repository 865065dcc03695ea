/**
 * The flexible checksums of S3 (x-amz-checksum-*): names, header names and
 * streaming hashers.
 */
import { createHash } from 'node:crypto';
import { createCrc32, createCrc32c, createCrc64Nvme, type Hasher } from './crc';

export type { Hasher } from './crc';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Digest length in bytes, to reject malformed checksum values early. */
const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

/** 'CRC32' → 'x-amz-checksum-crc32'. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** 'x-amz-checksum-crc32c' → 'CRC32C'; undefined for anything else (x-amz-checksum-mode, -type, -algorithm). */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const lower = name.toLowerCase();
  if (!lower.startsWith('x-amz-checksum-')) return undefined;
  return CHECKSUM_ALGORITHMS.find((a) => a.toLowerCase() === lower.slice('x-amz-checksum-'.length));
}

/** 'crc32' / 'CRC32' → 'CRC32'. */
export function parseChecksumAlgorithm(value: string | undefined): ChecksumAlgorithm | undefined {
  if (!value) return undefined;
  const upper = value.trim().toUpperCase();
  return CHECKSUM_ALGORITHMS.find((a) => a === upper);
}

/** A well-formed base64 value of the right length for the algorithm. */
export function isValidChecksumValue(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  return Buffer.from(value, 'base64').length === DIGEST_BYTES[algorithm];
}

export function createHasher(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case 'CRC32':
      return createCrc32();
    case 'CRC32C':
      return createCrc32c();
    case 'CRC64NVME':
      return createCrc64Nvme();
    case 'SHA1':
    case 'SHA256': {
      const h = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return { update: (d) => void h.update(d), digest: () => h.digest() };
    }
  }
}

/** One-shot checksum of a buffer, base64 as S3 reports it. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const h = createHasher(algorithm);
  h.update(data);
  return h.digest().toString('base64');
}
