import { describe, expect, it } from 'vitest';
import { shareLimits } from '../../../src/main/controller/share-limits';

const now = Date.UTC(2026, 0, 1);
const hours = (n: number) => now + n * 3600_000;

describe('share limits', () => {
  it('offers the ladder up to what the credentials allow, less the margin, plus that maximum', () => {
    // Enhanced flow: one hour of credentials.
    expect(shareLimits(hours(1), now)).toEqual({ maxSeconds: 3540, choices: [900, 3540] });
    // Classic flow, 12 hours.
    expect(shareLimits(hours(12), now)).toEqual({ maxSeconds: 43_140, choices: [900, 3600, 21_600, 43_140] });
  });

  it('never goes beyond SigV4’s seven days, and does not repeat a ladder step', () => {
    expect(shareLimits(hours(24 * 30), now)).toEqual({
      maxSeconds: 604_800,
      choices: [900, 3600, 21_600, 43_200, 86_400, 604_800],
    });
    expect(shareLimits(now + (3600 + 60) * 1000, now)).toEqual({ maxSeconds: 3600, choices: [900, 3600] });
  });

  it('offers nothing when the credentials are about to expire', () => {
    expect(shareLimits(now + 90_000, now)).toEqual({ maxSeconds: 30, choices: [] });
    expect(shareLimits(now - 1000, now)).toEqual({ maxSeconds: 0, choices: [] });
  });
});
