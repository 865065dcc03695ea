import type { VaultModel } from '../core/model';
import { evaluatePolicy } from './statements';

/** The claims of a Cognito Identity OpenID token that role trust policies test. */
export interface WebIdentityClaims {
  /** The identity pool id (`cognito-identity.amazonaws.com:aud`). */
  aud: string;
  /** e.g. ['authenticated', 'cognito-idp.<region>.amazonaws.com/<pool>', '...:CognitoSignIn:<sub>'] */
  amr: string[];
}

/**
 * Whether a Cognito identity may assume a role (sts:AssumeRoleWithWebIdentity
 * by the federation `cognito-identity.amazonaws.com`): the role's trust policy
 * must allow it and nothing in it deny it. Used by STS (classic flow) and by
 * Cognito Identity (enhanced flow), as both go through the trust policy in AWS.
 * False for a role the template does not declare.
 */
export function canAssumeRole(model: VaultModel, roleArn: string, claims: WebIdentityClaims): boolean {
  const role = model.roles.find((candidate) => candidate.arn === roleArn);
  if (!role) return false;
  const verdict = evaluatePolicy(
    role.trustPolicy,
    {
      caller: { type: 'federated', provider: 'cognito-identity.amazonaws.com' },
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: role.arn,
      context: { 'cognito-identity.amazonaws.com:aud': claims.aud, 'cognito-identity.amazonaws.com:amr': claims.amr },
      variables: {},
    },
    true,
  );
  return verdict.allow && !verdict.deny;
}
