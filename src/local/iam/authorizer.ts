import type { Authorizer, AuthzRequest, Decision } from '../core/authorizer';
import type { RoleModel, VaultModel } from '../core/model';
import type { PolicyDocument } from '../core/policy-types';
import type { Principal } from '../core/principal';
import { variablesOf, type Caller } from './caller';
import { evaluatePolicy, type EvaluationInput } from './statements';
import { validateModelPolicies } from './validate';

/**
 * The request authorizer of the local backend, with AWS's evaluation logic for
 * one account (see core/authorizer.ts):
 * - an explicit Deny in the role's policies or the resource policy always wins;
 * - S3 (and anything not KMS): allowed when the role's policies or the bucket
 *   policy (naming the caller) allow;
 * - KMS: the key policy must allow, either naming the caller (then IAM is not
 *   consulted) or through the account principal, which delegates to the role's
 *   policies, which must then allow too;
 * - the account admin is allowed by IAM, like an administrator, but resource-policy
 *   denies still apply to it.
 * Throws a PolicyError (validateModelPolicies) when the model holds a policy it cannot evaluate.
 */
export function createAuthorizer(model: VaultModel): Authorizer {
  // Refuse at start what cannot be evaluated faithfully, so no caller can forget to.
  validateModelPolicies(model);
  const rolesByArn = new Map<string, RoleModel>(model.roles.map((role) => [role.arn, role]));
  return {
    authorize(request: AuthzRequest, resourcePolicy: PolicyDocument | null): Decision {
      return decide(request, resourcePolicy, identityPoliciesOf(request.principal, rolesByArn));
    },
  };
}

/** The identity policies of a principal; null for the admin, whom IAM allows everything. */
function identityPoliciesOf(principal: Principal, roles: Map<string, RoleModel>): PolicyDocument[] | null {
  if (principal.kind === 'account-admin') return null;
  // A session of a role the template does not declare has no permissions.
  return roles.get(principal.roleArn)?.policies ?? [];
}

function decide(
  request: AuthzRequest,
  resourcePolicy: PolicyDocument | null,
  identityPolicies: PolicyDocument[] | null,
): Decision {
  const caller: Caller = { type: 'principal', principal: request.principal };
  const input: EvaluationInput = {
    caller,
    action: request.action,
    resource: request.resource,
    context: request.context,
    variables: variablesOf(caller),
  };
  const identity = (identityPolicies ?? []).map((policy) => evaluatePolicy(policy, input, false));
  const resource = resourcePolicy ? evaluatePolicy(resourcePolicy, input, true) : null;
  if (identity.some((verdict) => verdict.deny) || resource?.deny) return 'explicit-deny';
  const iamAllows = identityPolicies === null || identity.some((verdict) => verdict.allow);
  if (isKms(request.action)) {
    // Without a key policy nothing is allowed: KMS has no IAM-only path.
    if (resource?.allow) return 'allow';
    if (resource?.allowThroughAccount && iamAllows) return 'allow';
    return 'implicit-deny';
  }
  return iamAllows || resource?.allow ? 'allow' : 'implicit-deny';
}

function isKms(action: string): boolean {
  return action.toLowerCase().startsWith('kms:');
}

/**
 * Whether an AWS service may act on a resource under its resource policy, e.g.
 * S3 server access log delivery (`logging.s3.amazonaws.com`, `s3:PutObject`
 * with aws:SourceArn / aws:SourceAccount) into the log bucket. Services have no
 * identity policies: only a resource-policy Allow naming them grants.
 */
export function authorizeService(
  resourcePolicy: PolicyDocument | null,
  request: { service: string; action: string; resource: string; context: AuthzRequest['context'] },
): Decision {
  if (!resourcePolicy) return 'implicit-deny';
  const caller: Caller = { type: 'service', service: request.service };
  const verdict = evaluatePolicy(
    resourcePolicy,
    { caller, action: request.action, resource: request.resource, context: request.context, variables: {} },
    true,
  );
  if (verdict.deny) return 'explicit-deny';
  return verdict.allow ? 'allow' : 'implicit-deny';
}
