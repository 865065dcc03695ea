import { describe, expect, it } from 'vitest';
import { checksumOf, createHasher, isValidChecksumValue, CHECKSUM_ALGORITHMS } from '../../../../src/local/sigv4';

// Check values from the CRC catalogue ("123456789"), and the SHA values everyone knows.
const CHECK: Record<string, string> = {
  CRC32: 'cbf43926',
  CRC32C: 'e3069283',
  CRC64NVME: 'ae8b14860a799888',
  SHA1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441',
  SHA256: '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
};

describe('checksums', () => {
  it.each(Object.entries(CHECK))('%s of "123456789" matches the catalogue', (algorithm, hex) => {
    const h = createHasher(algorithm as (typeof CHECKSUM_ALGORITHMS)[number]);
    h.update(Buffer.from('123456789'));
    expect(h.digest().toString('hex')).toBe(hex);
  });

  it.each(CHECKSUM_ALGORITHMS)('%s gives the same digest however the bytes are split', (algorithm) => {
    const data = Buffer.alloc(70_001);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + 13) & 0xff;
    const split = createHasher(algorithm);
    for (const [a, b] of [
      [0, 1],
      [1, 9],
      [9, 4096],
      [4096, 70_001],
    ] as const)
      split.update(data.subarray(a, b));
    expect(split.digest().toString('base64')).toBe(checksumOf(algorithm, data));
  });

  it('validates base64 checksum values by length', () => {
    expect(isValidChecksumValue('CRC32', checksumOf('CRC32', Buffer.from('x')))).toBe(true);
    expect(isValidChecksumValue('CRC64NVME', checksumOf('CRC32', Buffer.from('x')))).toBe(false);
    expect(isValidChecksumValue('CRC32', 'not base64!')).toBe(false);
  });
});
