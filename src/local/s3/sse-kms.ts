/**
 * SSE-KMS as the caller experiences it: with default encryption under a KMS key,
 * S3 calls KMS on the caller's behalf (GenerateDataKey to write, Decrypt to
 * read), and KMS evaluates the key policy and the caller's role policies with
 * kms:ViaService = s3.<region>.amazonaws.com and the encryption context
 * aws:s3:arn (the bucket ARN with a bucket key, else the object ARN). Without
 * that permission AWS answers 403 AccessDenied; so does this backend, so a
 * template that forgets the grant fails locally, not in production.
 */
import type { Authorizer, AuthzRequest, Decision } from '../core/authorizer';
import type { PolicyDocument } from '../core/policy-types';
import type { S3Call } from './call';
import { bucketArn, objectArn } from './call';
import { s3Error } from './errors';
import type { Sse } from './types';

export type KmsAction = 'kms:GenerateDataKey' | 'kms:Decrypt';

/**
 * Remembered decisions. This check runs on every GetObject and PutObject, and
 * with a bucket key (the template's default) its inputs stay the same for a
 * whole session: the encryption context is the bucket ARN. A decision is a
 * pure function of the authorizer (fixed role policies), the key policy
 * document (PutKeyPolicy installs a new document, which starts afresh) and the
 * request, so it is cached under those, the request serialized whole.
 */
const CACHE_LIMIT = 1000;
const decisions = new WeakMap<Authorizer, WeakMap<PolicyDocument, Map<string, Decision>>>();

function decide(authorizer: Authorizer, request: AuthzRequest, keyPolicy: PolicyDocument): Decision {
  let byPolicy = decisions.get(authorizer);
  if (!byPolicy) {
    byPolicy = new WeakMap();
    decisions.set(authorizer, byPolicy);
  }
  let cache = byPolicy.get(keyPolicy);
  if (!cache) {
    cache = new Map();
    byPolicy.set(keyPolicy, cache);
  }
  const cacheKey = JSON.stringify([request.principal, request.action, request.resource, request.context]);
  let decision = cache.get(cacheKey);
  if (decision === undefined) {
    decision = authorizer.authorize(request, keyPolicy);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(cacheKey, decision);
  }
  return decision;
}

export function requireKmsAccess(
  call: S3Call,
  action: KmsAction,
  bucket: string,
  key: string,
  sse: Sse | undefined,
): void {
  if (!sse || sse.algorithm !== 'aws:kms' || !sse.kmsKeyArn) return;
  const vaultKey = call.deps.model.key;
  // Only the vault's own key has a policy here; an AWS managed key (aws/s3) lets
  // every principal of the account use it through S3.
  if (sse.kmsKeyArn !== vaultKey.arn) return;
  const context = sse.bucketKeyEnabled ? bucketArn(bucket) : objectArn(bucket, key);
  const decision = decide(
    call.deps.authorizer,
    {
      principal: call.principal,
      action,
      resource: vaultKey.arn,
      context: {
        'kms:ViaService': `s3.${call.deps.model.region}.amazonaws.com`,
        'kms:CallerAccount': call.principal.accountId,
        'kms:EncryptionContext:aws:s3:arn': context,
        'kms:EncryptionContextKeys': ['aws:s3:arn'],
        'aws:SecureTransport': call.ctx.secureTransport,
        'aws:SourceIp': call.ctx.remoteAddress,
        'aws:PrincipalArn': call.principal.kind === 'assumed-role' ? call.principal.roleArn : call.principal.arn,
        'aws:PrincipalAccount': call.principal.accountId,
      },
    },
    call.deps.keyPolicy(),
  );
  if (decision !== 'allow') {
    call.deps.log(
      `s3: ${call.principal.arn} may not ${action} on ${vaultKey.arn} via S3 (context aws:s3:arn=${context}): ${decision}`,
    );
    throw s3Error(
      'AccessDenied',
      `User: ${call.principal.arn} is not authorized to perform: ${action} on resource: ${vaultKey.arn} because no identity-based policy allows the ${action} action`,
    );
  }
}
