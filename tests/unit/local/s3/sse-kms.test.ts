import { describe, expect, it } from 'vitest';
import type { Authorizer, AuthzRequest, Decision } from '../../../../src/local/core/authorizer';
import type { PolicyDocument } from '../../../../src/local/core/policy-types';
import type { Principal } from '../../../../src/local/core/principal';
import type { S3Call } from '../../../../src/local/s3/call';
import { requireKmsAccess } from '../../../../src/local/s3/sse-kms';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/k-1';

function principal(identityId: string): Principal {
  return {
    kind: 'assumed-role',
    accountId: '111122223333',
    arn: `arn:aws:sts::111122223333:assumed-role/users/${identityId}`,
    roleArn: 'arn:aws:iam::111122223333:role/users',
    roleName: 'users',
    sessionName: identityId,
    identityId,
    identityPoolId: 'pool',
  };
}

/** An authorizer that counts its evaluations and allows what `allow` says. */
function countingAuthorizer(allow: (request: AuthzRequest, policy: PolicyDocument | null) => boolean) {
  const calls: AuthzRequest[] = [];
  const authorizer: Authorizer = {
    authorize(request, policy): Decision {
      calls.push(request);
      return allow(request, policy) ? 'allow' : 'implicit-deny';
    },
  };
  return { authorizer, calls };
}

function callWith(authorizer: Authorizer, keyPolicy: () => PolicyDocument, who: Principal): S3Call {
  return {
    deps: { authorizer, keyPolicy, model: { key: { arn: KEY_ARN }, region: 'us-east-1' }, log: () => {} },
    principal: who,
    ctx: { secureTransport: true, remoteAddress: '127.0.0.1' },
  } as unknown as S3Call;
}

const policy = (): PolicyDocument => ({ Version: '2012-10-17', Statement: [] });
const bucketKey = { algorithm: 'aws:kms', kmsKeyArn: KEY_ARN, bucketKeyEnabled: true } as const;
const objectKey = { algorithm: 'aws:kms', kmsKeyArn: KEY_ARN } as const;

describe("S3's SSE-KMS check with remembered decisions", () => {
  it('evaluates the same request once, and answers it the same way every time', () => {
    const { authorizer, calls } = countingAuthorizer(() => true);
    const keyPolicy = policy();
    const call = callWith(authorizer, () => keyPolicy, principal('id-1'));
    for (let i = 0; i < 5; i += 1) requireKmsAccess(call, 'kms:Decrypt', 'b', `k${i}`, bucketKey);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.context['kms:EncryptionContext:aws:s3:arn']).toBe('arn:aws:s3:::b');
  });

  it('evaluates anew whatever differs: principal, action, encryption context', () => {
    const { authorizer, calls } = countingAuthorizer(() => true);
    const keyPolicy = policy();
    const alice = callWith(authorizer, () => keyPolicy, principal('alice'));
    const bob = callWith(authorizer, () => keyPolicy, principal('bob'));
    requireKmsAccess(alice, 'kms:Decrypt', 'b', 'k', bucketKey);
    requireKmsAccess(bob, 'kms:Decrypt', 'b', 'k', bucketKey);
    requireKmsAccess(alice, 'kms:GenerateDataKey', 'b', 'k', bucketKey);
    // Without a bucket key the context is the object ARN: one evaluation per object.
    requireKmsAccess(alice, 'kms:Decrypt', 'b', 'k1', objectKey);
    requireKmsAccess(alice, 'kms:Decrypt', 'b', 'k2', objectKey);
    expect(calls).toHaveLength(5);
  });

  it('keeps denying, and follows a new key policy document at once', () => {
    const allowed = new WeakSet<object>();
    const { authorizer, calls } = countingAuthorizer((_request, doc) => doc !== null && allowed.has(doc));
    let keyPolicy = policy();
    const call = callWith(authorizer, () => keyPolicy, principal('id-1'));
    for (let i = 0; i < 2; i += 1)
      expect(() => requireKmsAccess(call, 'kms:GenerateDataKey', 'b', 'k', bucketKey)).toThrow(
        expect.objectContaining({ code: 'AccessDenied' }),
      );
    // PutKeyPolicy installs a new document.
    keyPolicy = policy();
    allowed.add(keyPolicy);
    expect(() => requireKmsAccess(call, 'kms:GenerateDataKey', 'b', 'k', bucketKey)).not.toThrow();
    expect(calls).toHaveLength(2);
  });

  it('does not share decisions between authorizers (backends)', () => {
    const keyPolicy = policy();
    const yes = countingAuthorizer(() => true);
    const no = countingAuthorizer(() => false);
    requireKmsAccess(
      callWith(yes.authorizer, () => keyPolicy, principal('x')),
      'kms:Decrypt',
      'b',
      'k',
      bucketKey,
    );
    expect(() =>
      requireKmsAccess(
        callWith(no.authorizer, () => keyPolicy, principal('x')),
        'kms:Decrypt',
        'b',
        'k',
        bucketKey,
      ),
    ).toThrow();
  });

  it('asks nothing for objects not under the vault key', () => {
    const { authorizer, calls } = countingAuthorizer(() => false);
    const call = callWith(authorizer, policy, principal('x'));
    requireKmsAccess(call, 'kms:Decrypt', 'b', 'k', { algorithm: 'AES256' });
    requireKmsAccess(call, 'kms:Decrypt', 'b', 'k', { algorithm: 'aws:kms', kmsKeyArn: 'arn:aws:kms:::other' });
    expect(calls).toHaveLength(0);
  });
});
