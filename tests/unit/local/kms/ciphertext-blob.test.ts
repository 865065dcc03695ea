import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CiphertextBlobError, openBlob, readBlobHeader, sealBlob } from '../../../../src/local/kms/ciphertext-blob';

const material = randomBytes(32);
const context = { vault: 'v', owner: 'us-east-1:abc', file: 'f1' };

describe('ciphertext blob', () => {
  it('round-trips and names its key', () => {
    const plaintext = randomBytes(32);
    const blob = sealBlob('key-1', material, plaintext, context);
    expect(blob[0]).toBe(1);
    expect(readBlobHeader(blob).keyId).toBe('key-1');
    expect(openBlob(blob, material, context)).toEqual(plaintext);
  });

  it('does not depend on the order of the context pairs', () => {
    const blob = sealBlob('key-1', material, Buffer.from('x'), context);
    expect(openBlob(blob, material, { file: 'f1', owner: 'us-east-1:abc', vault: 'v' }).toString()).toBe('x');
  });

  it('rejects every single-byte change', () => {
    const blob = sealBlob('key-1', material, randomBytes(32), context);
    for (let index = 0; index < blob.length; index++) {
      const changed = Buffer.from(blob);
      changed[index]! ^= 0x01;
      expect(() => openBlob(changed, material, context), `byte ${index}`).toThrow(CiphertextBlobError);
    }
  });

  it('rejects another context, a missing pair, an extra pair and truncation', () => {
    const blob = sealBlob('key-1', material, randomBytes(32), context);
    expect(() => openBlob(blob, material, { ...context, owner: 'us-east-1:other' })).toThrow(CiphertextBlobError);
    expect(() => openBlob(blob, material, { vault: 'v', owner: 'us-east-1:abc' })).toThrow(CiphertextBlobError);
    expect(() => openBlob(blob, material, { ...context, extra: '' })).toThrow(CiphertextBlobError);
    expect(() => openBlob(blob.subarray(0, blob.length - 1), material, context)).toThrow(CiphertextBlobError);
    expect(() => openBlob(blob.subarray(0, 10), material, context)).toThrow(CiphertextBlobError);
  });

  it('does not let two different contexts encode alike', () => {
    const blob = sealBlob('key-1', material, Buffer.from('x'), { a: 'b=c' });
    expect(() => openBlob(blob, material, { 'a=b': 'c' })).toThrow(CiphertextBlobError);
  });
});
