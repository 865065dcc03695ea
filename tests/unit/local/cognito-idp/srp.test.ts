import { createHmac } from 'node:crypto';
import * as cognitoLibrary from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import {
  claimSignature,
  computeVerifier,
  N,
  newSalt,
  padHex,
  parseClientPublic,
  passwordMatches,
  serverEphemeral,
  serverSessionKey,
} from '../../../../src/local/cognito-idp/srp';
import { formatSrpTimestamp, parseSrpTimestamp } from '../../../../src/local/cognito-idp/timestamp';

// The library's own BigInteger comes with its AuthenticationHelper; we reach it through the helper's values.
type LibraryBigInteger = { toString(radix: number): string };
interface Helper {
  getLargeAValue(cb: (err: unknown, A: LibraryBigInteger) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: LibraryBigInteger,
    salt: LibraryBigInteger,
    cb: (err: unknown, key: Buffer) => void,
  ): void;
  padHex(value: LibraryBigInteger): string;
  N: LibraryBigInteger & { constructor: new (hex: string, radix: number) => LibraryBigInteger };
}

// The library exports AuthenticationHelper at run time but not in its type declarations.
const { AuthenticationHelper } = cognitoLibrary as unknown as {
  AuthenticationHelper: new (poolName: string) => unknown;
};

/** A number in the library's BigInteger type. */
const libraryNumber = (helper: Helper, value: bigint): LibraryBigInteger =>
  new helper.N.constructor(value.toString(16), 16);

describe('padHex', () => {
  it('gives Java BigInteger.toByteArray hex (the examples in the library)', () => {
    expect(padHex(20n)).toBe('14');
    expect(padHex(56n)).toBe('38');
    expect(padHex(236n)).toBe('00ec');
    expect(padHex(200n)).toBe('00c8');
    expect(padHex(0x1234n)).toBe('1234');
    expect(padHex(0x123n)).toBe('0123');
    expect(padHex(0x823n)).toBe('0823');
  });

  it('matches the library for the group prime and random values', () => {
    const helper = new AuthenticationHelper('TestPool42') as unknown as Helper;
    expect(padHex(N)).toBe(helper.padHex(helper.N));
    for (let i = 0; i < 50; i += 1) {
      const value = BigInt(`0x${newSalt()}${newSalt()}`) >> BigInt(i);
      expect(padHex(value)).toBe(helper.padHex(libraryNumber(helper, value)));
    }
  });
});

describe('SRP against amazon-cognito-identity-js', () => {
  const poolName = 'TestPool42';

  async function clientKey(username: string, password: string, saltHex: string, verifier: string) {
    const helper = new AuthenticationHelper(poolName) as unknown as Helper;
    const A = await new Promise<LibraryBigInteger>((resolve) => helper.getLargeAValue((_e, value) => resolve(value)));
    const clientA = parseClientPublic(A.toString(16));
    expect(clientA).not.toBeNull();
    const { b, B } = serverEphemeral(verifier);
    const server = serverSessionKey(clientA!, B, b, verifier);
    const client = await new Promise<Buffer>((resolve, reject) =>
      helper.getPasswordAuthenticationKey(
        username,
        password,
        libraryNumber(helper, B),
        libraryNumber(helper, BigInt(`0x${saltHex}`)),
        (e, key) => (e ? reject(e) : resolve(key)),
      ),
    );
    return { server: server!, client: Buffer.from(client) };
  }

  it('derives the same 16-byte key as the client for the right password', async () => {
    // Salts with a leading zero nibble and with a high first nibble are re-padded differently; try both.
    for (const salt of ['0f' + newSalt().slice(2), 'f0' + newSalt().slice(2), newSalt()]) {
      const verifier = computeVerifier(poolName, 'alice', 'Correct-Horse-42', salt);
      const { server, client } = await clientKey('alice', 'Correct-Horse-42', salt, verifier);
      expect(server).toHaveLength(16);
      expect(client.equals(server)).toBe(true);
    }
  });

  it('derives a different key for a wrong password or another username', async () => {
    const salt = newSalt();
    const verifier = computeVerifier(poolName, 'alice', 'Correct-Horse-42', salt);
    const wrong = await clientKey('alice', 'Correct-Horse-43', salt, verifier);
    expect(wrong.client.equals(wrong.server)).toBe(false);
    const other = await clientKey('bob', 'Correct-Horse-42', salt, verifier);
    expect(other.client.equals(other.server)).toBe(false);
  });

  it('computes PASSWORD_CLAIM_SIGNATURE as the library does (HMAC over pool, user, block bytes, timestamp)', () => {
    const key = Buffer.alloc(16, 7);
    const block = Buffer.from('opaque block').toString('base64');
    const timestamp = 'Mon May 8 09:05:03 UTC 2026';
    const expected = createHmac('sha256', key)
      .update(
        Buffer.concat([
          Buffer.from(poolName),
          Buffer.from('alice'),
          Buffer.from(block, 'base64'),
          Buffer.from(timestamp),
        ]),
      )
      .digest();
    expect(claimSignature(key, poolName, 'alice', block, timestamp).equals(expected)).toBe(true);
  });

  it('checks plain passwords against the verifier (ChangePassword) and refuses A ≡ 0 mod N', () => {
    const salt = newSalt();
    const verifier = computeVerifier(poolName, 'alice', 'Correct-Horse-42', salt);
    expect(passwordMatches(poolName, 'alice', 'Correct-Horse-42', salt, verifier)).toBe(true);
    expect(passwordMatches(poolName, 'alice', 'correct-horse-42', salt, verifier)).toBe(false);
    expect(parseClientPublic('0')).toBeNull();
    expect(parseClientPublic(N.toString(16))).toBeNull();
    expect(parseClientPublic((N * 2n).toString(16))).toBeNull();
    expect(parseClientPublic('xyz')).toBeNull();
  });
});

describe('SRP TIMESTAMP', () => {
  it('formats like the library: English names, day not zero-padded, UTC', () => {
    expect(formatSrpTimestamp(Date.UTC(2026, 4, 8, 9, 5, 3))).toBe('Fri May 8 09:05:03 UTC 2026');
    expect(formatSrpTimestamp(Date.UTC(2025, 11, 25, 23, 59, 59))).toBe('Thu Dec 25 23:59:59 UTC 2025');
  });

  it('parses only that exact format', () => {
    expect(parseSrpTimestamp('Fri May 8 09:05:03 UTC 2026')).toBe(Date.UTC(2026, 4, 8, 9, 5, 3));
    expect(parseSrpTimestamp('Fri May 08 09:05:03 UTC 2026')).toBeNull();
    expect(parseSrpTimestamp('Mon May 8 09:05:03 UTC 2026')).toBeNull(); // wrong weekday
    expect(parseSrpTimestamp('Fri Feb 31 09:05:03 UTC 2026')).toBeNull();
    expect(parseSrpTimestamp('2026-05-08T09:05:03Z')).toBeNull();
  });
});
