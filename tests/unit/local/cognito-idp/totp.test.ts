import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  newTotpSecret,
  totpCode,
  totpStep,
  verifyTotp,
} from '../../../../src/local/cognito-idp/totp';
import { rfc6238 } from './support';

// RFC 6238 Appendix B, SHA-1 seed "12345678901234567890"; Cognito uses the last 6 of the 8 digits.
const SEED = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    for (const [seconds, code] of VECTORS) {
      expect(totpCode(SEED, totpStep(seconds * 1000))).toBe(code.slice(2));
      expect(rfc6238(SEED, seconds * 1000)).toBe(code.slice(2));
    }
  });

  it('round-trips base32 and makes 32-character secrets', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI'); // RFC 4648 §10
    expect(() => base32Decode('not base32!')).toThrow();
  });

  it('accepts one step either side and nothing further', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    for (const delta of [-1, 0, 1]) expect(verifyTotp(SEED, totpCode(SEED, step + delta), now)).toBe(step + delta);
    for (const delta of [-3, -2, 2, 3]) expect(verifyTotp(SEED, totpCode(SEED, step + delta), now)).toBeNull();
    expect(verifyTotp(SEED, '12345', now)).toBeNull();
    expect(verifyTotp(SEED, undefined, now)).toBeNull();
  });

  it('refuses a code whose step was already used (RFC 6238 §5.2)', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(verifyTotp(SEED, totpCode(SEED, step), now, step)).toBeNull();
    expect(verifyTotp(SEED, totpCode(SEED, step - 1), now, step)).toBeNull();
    expect(verifyTotp(SEED, totpCode(SEED, step + 1), now, step)).toBe(step + 1);
  });
});
