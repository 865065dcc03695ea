import { describe, expect, it } from 'vitest';
import { buildVaultModel } from '../../../../src/local/template';
import { IDS, loadModified } from './fixture';

const minimal = (body: string): string => `Resources:\n${body}`;

describe('loadVaultModel refuses what it cannot evaluate, naming it', () => {
  it('an unknown intrinsic function, with its logical id', () => {
    expect(() =>
      loadModified((text) =>
        text.replace("ClientName: !Sub '${VaultName}-app'", "ClientName: { 'Fn::Frobnicate': [a, b] }"),
      ),
    ).toThrow('the local backend cannot evaluate Fn::Frobnicate in UserPoolClient');
  });

  it('an intrinsic it does not implement (ImportValue)', () => {
    expect(() =>
      loadModified((text) => text.replace('PolicyName: vault-admin', 'PolicyName: !ImportValue shared-name')),
    ).toThrow('the local backend cannot evaluate Fn::ImportValue in VaultAdminPolicy');
  });

  it('a YAML tag that is not an intrinsic', () => {
    expect(() =>
      loadModified((text) => text.replace('PolicyName: vault-admin', 'PolicyName: !Frob vault-admin')),
    ).toThrow(/the YAML tag !Frob/);
  });

  it('an unknown resource type', () => {
    expect(() =>
      loadModified((text) => text.replace('Resources:\n', 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n')),
    ).toThrow('the local backend cannot evaluate resource type AWS::SQS::Queue in Queue');
  });

  it('an unescaped IAM policy variable inside !Sub', () => {
    expect(() =>
      loadModified((text) =>
        text.replace(
          '/private/${!cognito-identity.amazonaws.com:sub}/*',
          '/private/${cognito-identity.amazonaws.com:sub}/*',
        ),
      ),
    ).toThrow(/Fn::Sub variable \$\{cognito-identity.amazonaws.com:sub\} in VaultMemberPolicy/);
  });

  it('an attribute it does not model', () => {
    expect(() =>
      loadModified((text) =>
        text.replace(
          'KeyArn:\n    Description: KMS key ARN for the Encryption SDK keyring\n    Value: !GetAtt VaultKey.Arn',
          'KeyArn:\n    Value: !GetAtt VaultKey.Flavour',
        ),
      ),
    ).toThrow(/Fn::GetAtt VaultKey.Flavour in output KeyArn/);
  });

  it('a property whose behaviour it does not reproduce', () => {
    expect(() => loadModified((text) => text.replace('GenerateSecret: false', 'GenerateSecret: true'))).toThrow(
      /GenerateSecret = true in UserPoolClient/,
    );
  });
});

describe('the intrinsic evaluator', () => {
  it('evaluates Conditions, Fn::If, AWS::NoValue, Select, Split, Join and FindInMap', () => {
    const template = `Parameters:
  Env: { Type: String, Default: prod }
Mappings:
  Sizes: { prod: { Days: 30 } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Equals [a, a]]]
${minimal(VAULT_BODY)}
Outputs:
  VaultId: { Value: !Join ['-', [!Select [1, !Split [',', 'x,vault,y']], !FindInMap [Sizes, !Ref Env, Days]]] }
  Picked: { Value: !If [Both, yes-both, no] }
  Zone: { Value: !Select [0, !GetAZs ''] }
  Gone: { Condition: NotProd, Value: never }
`;
    const model = buildVaultModel(template, 'inline', IDS);
    expect(model.vaultId).toBe('vault-30');
    expect(model.outputs.Picked).toBe('yes-both');
    expect(model.outputs.Zone).toBe('eu-west-1a');
    expect(model.outputs).not.toHaveProperty('Gone');
    // AWS::NoValue removed the property: the default (Off) applies.
    expect(model.bucket.versioning).toBe('Off');
  });
});

/** The smallest vault the loader accepts (one of each resource the model needs). */
const VAULT_BODY = `  Key: { Type: AWS::KMS::Key, Properties: { KeyPolicy: { Statement: [] } } }
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: !If [NotProd, { Status: Enabled }, !Ref AWS::NoValue]
  Pool: { Type: AWS::Cognito::UserPool }
  Client: { Type: AWS::Cognito::UserPoolClient, Properties: { UserPoolId: !Ref Pool } }
  Identities:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
`;
