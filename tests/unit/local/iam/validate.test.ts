import { describe, expect, it } from 'vitest';
import { createAuthorizer, validateModelPolicies } from '../../../../src/local/iam';
import { loadModel, loadModified } from '../template/fixture';

describe('validateModelPolicies', () => {
  it('accepts the template as it is', () => {
    expect(() => validateModelPolicies(loadModel())).not.toThrow();
  });

  it('names an operator it cannot evaluate, and the role', () => {
    const model = loadModified((text) =>
      text.replace(
        "'kms:EncryptionContext:vault': !Ref AWS::StackName\n          # S3 default",
        "'kms:EncryptionContext:vault': !Ref AWS::StackName\n              DateGreaterThan:\n                'aws:CurrentTime': '2026-01-01T00:00:00Z'\n          # S3 default",
      ),
    );
    expect(() => validateModelPolicies(model)).toThrow(
      /the local backend cannot evaluate condition operator DateGreaterThan in role VaultUserRole/,
    );
    // The authorizer refuses to start on it too.
    expect(() => createAuthorizer(model)).toThrow(/DateGreaterThan/);
  });

  it('names a condition key the local services never supply', () => {
    const model = loadModified((text) =>
      text.replace("'aws:SourceAccount': !Ref AWS::AccountId", "'aws:PrincipalOrgID': o-abc"),
    );
    expect(() => validateModelPolicies(model)).toThrow(
      /condition key aws:PrincipalOrgID in the bucket policy of s3vault-test-logbucket-x7k2m9q4/,
    );
  });

  it('names a policy variable it cannot supply', () => {
    const model = loadModified((text) =>
      text.replace(
        "'kms:EncryptionContext:owner': '${cognito-identity.amazonaws.com:sub}'",
        "'kms:EncryptionContext:owner': '${aws:username}'",
      ),
    );
    expect(() => validateModelPolicies(model)).toThrow(/policy variable \$\{aws:username\} in role VaultUserRole/);
  });

  it('refuses policy variables in a policy without Version 2012-10-17 (IAM would read them literally)', () => {
    const model = loadModified((text) =>
      text.replace(
        "      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          # Clients list",
        '      PolicyDocument:\n        Statement:\n          # Clients list',
      ),
    );
    expect(() => validateModelPolicies(model)).toThrow(/policy variables need Version 2012-10-17/);
  });

  it('refuses a single-valued operator on a multi-valued key', () => {
    const model = loadModified((text) =>
      text.replace(
        "'ForAnyValue:StringLike':\n                'cognito-identity.amazonaws.com:amr'",
        "StringLike:\n                'cognito-identity.amazonaws.com:amr'",
      ),
    );
    expect(() => validateModelPolicies(model)).toThrow(
      /multi-valued key cognito-identity.amazonaws.com:amr in the trust policy of role VaultUserRole/,
    );
  });
});
