import { describe, expect, it } from 'vitest';
import { PART_SIZE, partSizeFor } from '../../../../src/main/vault/transfers/upload-tuning';

describe('partSizeFor', () => {
  it('uses 8 MiB parts up to what 9,000 parts hold, then larger whole-MiB parts', () => {
    expect(partSizeFor(0)).toBe(PART_SIZE);
    expect(partSizeFor(50 * 1024 ** 3)).toBe(PART_SIZE);
    const huge = 1024 ** 4; // 1 TiB
    const part = partSizeFor(huge);
    expect(part % (1024 * 1024)).toBe(0);
    expect(Math.ceil((huge * 1.001) / part)).toBeLessThanOrEqual(10_000);
  });
});
