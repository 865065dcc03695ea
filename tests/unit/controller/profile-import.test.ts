import { describe, expect, it } from 'vitest';
import { buildConnectLink, parseProfileImport } from '../../../src/main/controller/profile-import';

const profile = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123xyz',
  userPoolClientId: 'abcdefghij0123456789klmnop',
  identityPoolId: 'eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  bucket: 's3vault-files-123456789012',
  keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  vaultId: 's3vault',
};
const pascal = Object.fromEntries(
  Object.entries(profile).map(([key, value]) => [key[0]!.toUpperCase() + key.slice(1), value]),
);

describe('profile import', () => {
  it('reads camelCase JSON, and drops fields it does not know (such as a local admin key)', () => {
    const text = JSON.stringify({ ...profile, localAdmin: { accessKeyId: 'AKIA', secretAccessKey: 'x' } });
    expect(parseProfileImport(text)).toEqual(profile);
  });

  it("reads the stack's PascalCase outputs, flattened or as describe-stacks gives them", () => {
    expect(parseProfileImport(JSON.stringify(pascal))).toEqual(profile);
    const outputs = Object.entries(pascal).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));
    expect(parseProfileImport(`  ${JSON.stringify(outputs)}\n`)).toEqual(profile);
  });

  it('reads a connect link, with an optional credentials lifetime and a loopback endpoint', () => {
    const withOptions = { ...profile, sessionSeconds: 43_200, endpoint: 'http://127.0.0.1:4566' };
    const link = buildConnectLink(withOptions);
    expect(link).toMatch(/^s3vault:\/\/connect\?region=eu-west-1&userPoolId=/);
    expect(parseProfileImport(link)).toEqual(withOptions);
    const pascalLink = `s3vault://connect?${new URLSearchParams(pascal as Record<string, string>)}`;
    expect(parseProfileImport(pascalLink)).toEqual(profile);
  });

  it('names the missing or bad fields', () => {
    const { keyArn: _keyArn, ...missing } = profile;
    expect(() => parseProfileImport(JSON.stringify(missing))).toThrow(/keyArn is missing/);
    expect(() => parseProfileImport(buildConnectLink({ ...profile, region: 'Mars' }))).toThrow(/region is not valid/);
  });

  it('refuses what is not a profile, another kind of s3vault link, and plain http to another computer', () => {
    expect(() => parseProfileImport('hello')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => parseProfileImport('s3vault://open?url=https%3A%2F%2Fx')).toThrow(/not a link to connect/);
    expect(() => parseProfileImport(JSON.stringify({ ...profile, endpoint: 'http://vault.example.com' }))).toThrow(
      /plain http/,
    );
    expect(parseProfileImport(JSON.stringify({ ...profile, endpoint: 'https://vault.example.com' }))).toMatchObject({
      endpoint: 'https://vault.example.com',
    });
    expect(() => parseProfileImport(' '.repeat(10) + 'x'.repeat(20_000))).toThrow(/too long/);
  });
});
