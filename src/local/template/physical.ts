import { createHash } from 'node:crypto';
import type { LocalIds } from '../core/model';
import { cannotEvaluate } from './errors';
import type { PhysicalResource } from './template-types';

/** Resource types the local backend models; anything else in the template is refused. */
export const SUPPORTED_RESOURCE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::KMS::Key',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::IdentityPool',
  'AWS::Cognito::IdentityPoolRoleAttachment',
] as const;

/** Reads one (resolved) property of the resource being named, e.g. its BucketName. */
export type PropertyReader = (name: string) => unknown;

/**
 * The physical ids CloudFormation would give a resource, for this local account:
 * what `Ref` and `Fn::GetAtt` return. Where CloudFormation generates a name
 * (stack-LogicalId-RANDOM), the local vault uses its persisted `suffix` instead
 * of random characters, so names are the same on every start.
 */
export function physicalResource(
  logicalId: string,
  type: string,
  property: PropertyReader,
  ids: LocalIds,
): PhysicalResource {
  const { accountId, region } = ids;
  const named = (propertyName: string, maxLength: number, lowerCase = false): string => {
    const given = property(propertyName);
    if (given !== undefined) return String(given);
    return generatedName(ids.stackName, logicalId, ids.suffix, maxLength, lowerCase);
  };
  switch (type) {
    case 'AWS::S3::Bucket': {
      const name = named('BucketName', 63, true);
      return {
        ref: name,
        attributes: {
          Arn: `arn:aws:s3:::${name}`,
          DomainName: `${name}.s3.amazonaws.com`,
          RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
        },
      };
    }
    case 'AWS::KMS::Key': {
      const arn = `arn:aws:kms:${region}:${accountId}:key/${ids.keyId}`;
      return { ref: ids.keyId, attributes: { Arn: arn, KeyId: ids.keyId } };
    }
    case 'AWS::IAM::Role': {
      const name = named('RoleName', 64);
      const path = String(property('Path') ?? '/');
      return {
        ref: name,
        attributes: { Arn: `arn:aws:iam::${accountId}:role${path}${name}`, RoleId: uniqueId('AROA', accountId, name) },
      };
    }
    case 'AWS::IAM::ManagedPolicy': {
      const name = named('ManagedPolicyName', 128);
      const path = String(property('Path') ?? '/');
      const arn = `arn:aws:iam::${accountId}:policy${path}${name}`;
      return { ref: arn, attributes: { PolicyArn: arn, PolicyId: uniqueId('ANPA', accountId, name) } };
    }
    case 'AWS::IAM::Policy': {
      const name = named('PolicyName', 128);
      return { ref: name, attributes: { Id: name } };
    }
    case 'AWS::S3::BucketPolicy':
      return { ref: generatedName(ids.stackName, logicalId, ids.suffix, 128), attributes: {} };
    case 'AWS::Cognito::UserPool': {
      const id = ids.userPoolId;
      const providerName = `cognito-idp.${region}.amazonaws.com/${id}`;
      return {
        ref: id,
        attributes: {
          Arn: `arn:aws:cognito-idp:${region}:${accountId}:userpool/${id}`,
          ProviderName: providerName,
          ProviderURL: `https://${providerName}`,
          UserPoolId: id,
        },
      };
    }
    case 'AWS::Cognito::UserPoolClient': {
      const name = named('ClientName', 128);
      return { ref: ids.userPoolClientId, attributes: { ClientId: ids.userPoolClientId, Name: name } };
    }
    case 'AWS::Cognito::UserPoolGroup':
      return { ref: named('GroupName', 128), attributes: {} };
    case 'AWS::Cognito::IdentityPool': {
      const name = named('IdentityPoolName', 128);
      return { ref: ids.identityPoolId, attributes: { Id: ids.identityPoolId, Name: name } };
    }
    case 'AWS::Cognito::IdentityPoolRoleAttachment':
      return { ref: `${ids.identityPoolId}-roles`, attributes: {} };
    default:
      throw cannotEvaluate(`resource type ${type}`, logicalId);
  }
}

/** CloudFormation's generated-name shape: <stack>-<LogicalId>-<suffix>, trimmed to the service's limit. */
function generatedName(stack: string, logicalId: string, suffix: string, maxLength: number, lowerCase = false): string {
  const room = maxLength - suffix.length - 2;
  const stackPart = stack.slice(0, Math.ceil(room / 2));
  const logicalPart = logicalId.slice(0, room - stackPart.length);
  const name = `${stackPart}-${logicalPart}-${suffix}`;
  return lowerCase ? name.toLowerCase() : name;
}

/** IAM unique ids look like AROA + 17 upper-case alphanumerics; derive one stably. */
function uniqueId(prefix: string, accountId: string, name: string): string {
  const digest = createHash('sha256').update(`${accountId}/${name}`).digest('hex').toUpperCase();
  return `${prefix}${digest.slice(0, 17)}`;
}
