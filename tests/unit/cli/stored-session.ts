import type { StoredSession } from '../../../src/main/vault/session-store';

export const IDENTITY = 'us-east-1:11111111-2222-3333-4444-555555555555';

/** A remembered sign-in as the CLI's session file holds it; `overrides` replace its top-level fields. */
export function storedSession(
  overrides: Partial<Omit<StoredSession, 'profile'>> & { endpoint?: string } = {},
): StoredSession {
  const { endpoint = 'http://127.0.0.1:4566', ...fields } = overrides;
  return {
    version: 1,
    profile: {
      region: 'us-east-1',
      userPoolId: 'us-east-1_Pool1',
      userPoolClientId: 'client1',
      identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
      bucket: 'vault-bucket',
      keyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1',
      vaultId: 'v1',
      endpoint,
    },
    username: 'alice',
    refreshToken: 'refresh-token-1',
    identityId: IDENTITY,
    signedInAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}
