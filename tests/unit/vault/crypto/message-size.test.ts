import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFileCipher, DEFAULT_FRAME_LENGTH } from '../../../../src/main/vault/crypto/file-cipher';
import { messageShape, messageSizeOf, plaintextSizeOf } from '../../../../src/main/vault/crypto/message-size';
import { owner, rawKeyring, run } from './support';

describe('message sizes', () => {
  it('derives every plaintext size from the real message size, at and around frame boundaries', async () => {
    for (const frame of [1024, DEFAULT_FRAME_LENGTH]) {
      const cipher = createFileCipher({ keyring: rawKeyring(), frameLength: frame });
      const sizes = [0, 1, 2, frame - 1, frame, frame + 1, 2 * frame - 1, 2 * frame, 2 * frame + 1, 3 * frame + 7];
      for (let i = 0; i < 12; i++) sizes.push(randomInt(0, 4 * frame));
      for (const size of sizes) {
        const message = await run(cipher.encryptStream(owner, size), randomBytes(size));
        const shape = messageShape(message.subarray(0, 4096));
        expect(shape, `size ${size}`).toBeDefined();
        expect(shape!.frameLength).toBe(frame);
        expect(messageSizeOf(size, shape!), `size ${size}`).toBe(message.length);
        expect(plaintextSizeOf(message.length, shape!), `size ${size}`).toBe(size);
      }
    }
  });

  it('gives no shape for too few bytes or another format, and no size for an impossible length', async () => {
    const cipher = createFileCipher({ keyring: rawKeyring(), frameLength: 1024 });
    const message = await run(cipher.encryptStream(owner, 10), randomBytes(10));
    const shape = messageShape(message)!;
    expect(messageShape(message.subarray(0, shape.headerLength - 1))).toBeUndefined();
    expect(messageShape(Buffer.from('not a message at all, not at all'))).toBeUndefined();
    expect(plaintextSizeOf(shape.headerLength + 10, shape)).toBeUndefined();
    // Between a full final frame and the next full frame: no plaintext has this size.
    expect(plaintextSizeOf(messageSizeOf(1024, shape) - 1, shape)).toBeUndefined();
  });
});
