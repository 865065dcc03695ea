/** The checksum elements of multipart and copy responses. */
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../../sigv4';
import type { StoredChecksum } from '../types';
import { el } from '../xml';

/** <ChecksumCRC32>…</ChecksumCRC32><ChecksumType>…</ChecksumType> for an object. */
export function checksumXml(checksum: StoredChecksum | undefined): string {
  if (!checksum) return '';
  return `${el(`Checksum${checksum.algorithm}`, checksum.value)}${el('ChecksumType', checksum.type)}`;
}

/** <ChecksumCRC32>…</ChecksumCRC32> for each checksum a part has, in S3's order. */
export function partChecksumsXml(checksums: Partial<Record<ChecksumAlgorithm, string>>): string {
  return CHECKSUM_ALGORITHMS.map((a) => el(`Checksum${a}`, checksums[a])).join('');
}

/** The XML element name carrying an algorithm's checksum in CompleteMultipartUpload. */
export function checksumElement(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}
