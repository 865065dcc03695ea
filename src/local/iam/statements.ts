import type { AuthzRequest } from '../core/authorizer';
import type { PolicyDocument, PolicyStatement } from '../core/policy-types';
import type { Caller } from './caller';
import { conditionsHold } from './conditions';
import { matches, type PolicyVariables } from './patterns';
import { matchPrincipal, type PrincipalMatch } from './principals';

/** What one policy says about one request. */
export interface PolicyVerdict {
  deny: boolean;
  /** An Allow applies (for resource policies: naming the caller directly). */
  allow: boolean;
  /** An Allow in a resource policy applies through the caller's account (delegation to IAM). */
  allowThroughAccount: boolean;
}

export interface EvaluationInput {
  caller: Caller;
  action: string;
  resource: string;
  context: AuthzRequest['context'];
  variables: PolicyVariables;
}

export function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  return Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
}

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Evaluates one policy. `resourceBased` policies (bucket, key, trust) match
 * Principal/NotPrincipal against the caller; identity policies (a role's) have none.
 */
export function evaluatePolicy(policy: PolicyDocument, input: EvaluationInput, resourceBased: boolean): PolicyVerdict {
  // IAM substitutes policy variables only in policies of Version 2012-10-17; elsewhere `${...}` is literal.
  const variables = policy.Version === '2012-10-17' ? input.variables : null;
  const verdict: PolicyVerdict = { deny: false, allow: false, allowThroughAccount: false };
  for (const statement of statementsOf(policy)) {
    const principal = resourceBased ? principalApplies(statement, input.caller) : 'direct';
    if (principal === null) continue;
    if (!actionApplies(statement, input.action)) continue;
    if (!resourceApplies(statement, input.resource, variables)) continue;
    if (!conditionsHold(statement.Condition, input.context, variables)) continue;
    if (statement.Effect === 'Deny') verdict.deny = true;
    else if (principal === 'direct') verdict.allow = true;
    else verdict.allowThroughAccount = true;
  }
  return verdict;
}

function principalApplies(statement: PolicyStatement, caller: Caller): PrincipalMatch {
  if (statement.Principal !== undefined) return matchPrincipal(statement.Principal, caller);
  // NotPrincipal: everyone except the named; a statement with neither names no one.
  if (statement.NotPrincipal !== undefined)
    return matchPrincipal(statement.NotPrincipal, caller) === null ? 'direct' : null;
  return null;
}

function actionApplies(statement: PolicyStatement, action: string): boolean {
  // Action names are case-insensitive in IAM.
  const options = { wildcards: true, ignoreCase: true, variables: null };
  if (statement.Action !== undefined)
    return list(statement.Action).some((pattern) => matches(pattern, action, options));
  if (statement.NotAction !== undefined)
    return !list(statement.NotAction).some((pattern) => matches(pattern, action, options));
  return false;
}

function resourceApplies(statement: PolicyStatement, resource: string, variables: PolicyVariables | null): boolean {
  const options = { wildcards: true, ignoreCase: false, variables };
  if (statement.Resource !== undefined)
    return list(statement.Resource).some((pattern) => matches(pattern, resource, options));
  if (statement.NotResource !== undefined)
    return !list(statement.NotResource).some((pattern) => matches(pattern, resource, options));
  // Trust policies have no Resource: they are about the role they belong to.
  return true;
}
