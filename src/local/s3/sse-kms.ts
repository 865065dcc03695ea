/**
 * SSE-KMS as the caller experiences it: with default encryption under a KMS key,
 * S3 calls KMS on the caller's behalf (GenerateDataKey to write, Decrypt to
 * read), and KMS evaluates the key policy and the caller's role policies with
 * kms:ViaService = s3.<region>.amazonaws.com and the encryption context
 * aws:s3:arn (the bucket ARN with a bucket key, else the object ARN). Without
 * that permission AWS answers 403 AccessDenied; so does this backend, so a
 * template that forgets the grant fails locally, not in production.
 */
import type { S3Call } from './call';
import { bucketArn, objectArn } from './call';
import { s3Error } from './errors';
import type { Sse } from './types';

export type KmsAction = 'kms:GenerateDataKey' | 'kms:Decrypt';

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
  const decision = call.deps.authorizer.authorize(
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
