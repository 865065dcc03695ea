import type { VaultModel } from '../core/model';
import type { PolicyDocument, PolicyStatement } from '../core/policy-types';
import { parseOperator } from './conditions';
import { cannotEvaluatePolicy } from './errors';
import { SUPPORTED_VARIABLES, variablesIn } from './patterns';
import { statementsOf } from './statements';

/**
 * The condition keys the local services put in a request's context (lower-cased).
 * `kms:ViaService` is never present locally (clients call KMS directly and the
 * local S3 does not call KMS), which is what IAM does with it for direct calls.
 */
export const SUPPORTED_CONDITION_KEYS = [
  'aws:securetransport',
  'aws:sourceaccount',
  'aws:sourcearn',
  's3:prefix',
  's3:delimiter',
  'kms:encryptioncontextkeys',
  'kms:calleraccount',
  'kms:viaservice',
  'cognito-identity.amazonaws.com:aud',
  'cognito-identity.amazonaws.com:amr',
] as const;

/** Keys whose value is a list: only set operators (ForAnyValue:/ForAllValues:) evaluate them faithfully. */
const MULTI_VALUED_KEYS = new Set(['kms:encryptioncontextkeys', 'cognito-identity.amazonaws.com:amr']);

const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

type PolicyKind = 'identity' | 'resource' | 'trust';

/**
 * Checks, at start, that every policy in the model uses only what the local
 * evaluator implements: elements, operators, condition keys, policy variables
 * and principal forms. Throws a PolicyError naming the first thing it cannot
 * evaluate and where (e.g. "the local backend cannot evaluate condition
 * operator DateGreaterThan in role VaultUserRole").
 */
export function validateModelPolicies(model: VaultModel): void {
  for (const role of model.roles) {
    validatePolicy(role.trustPolicy, 'trust', `the trust policy of role ${role.logicalId}`);
    for (const policy of role.policies) validatePolicy(policy, 'identity', `role ${role.logicalId}`);
  }
  for (const bucket of [model.bucket, model.logBucket]) {
    if (bucket?.policy) validatePolicy(bucket.policy, 'resource', `the bucket policy of ${bucket.name}`);
  }
  validatePolicy(model.key.policy, 'resource', `the key policy of ${model.key.logicalId}`);
}

/** Validates one policy document; `where` names it in the error. */
export function validatePolicy(policy: PolicyDocument, kind: PolicyKind, where: string): void {
  if (!policy || typeof policy !== 'object' || policy.Statement === undefined)
    throw cannotEvaluatePolicy('a policy without Statement', where);
  const version = policy.Version;
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17')
    throw cannotEvaluatePolicy(`policy Version ${String(version)}`, where);
  for (const [index, statement] of statementsOf(policy).entries()) {
    validateStatement(statement, kind, `${where} (statement ${statement.Sid ?? index + 1})`, version === '2012-10-17');
  }
}

function validateStatement(statement: PolicyStatement, kind: PolicyKind, where: string, variablesOn: boolean): void {
  for (const element of Object.keys(statement)) {
    if (!STATEMENT_ELEMENTS.has(element)) throw cannotEvaluatePolicy(`the policy element ${element}`, where);
  }
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
    throw cannotEvaluatePolicy(`Effect ${String(statement.Effect)}`, where);
  exactlyOne(statement, 'Action', 'NotAction', where);
  for (const action of [...list(statement.Action), ...list(statement.NotAction)]) {
    if (typeof action !== 'string' || !/^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/.test(action))
      throw cannotEvaluatePolicy(`the action ${JSON.stringify(action)}`, where);
  }
  if (kind === 'identity') {
    if (statement.Principal !== undefined || statement.NotPrincipal !== undefined)
      throw cannotEvaluatePolicy('Principal in an identity policy', where);
  } else {
    exactlyOne(statement, 'Principal', 'NotPrincipal', where);
    validatePrincipal(statement.Principal ?? statement.NotPrincipal, where);
  }
  if (kind !== 'trust') exactlyOne(statement, 'Resource', 'NotResource', where);
  for (const resource of [...list(statement.Resource), ...list(statement.NotResource)]) {
    if (typeof resource !== 'string' || (resource !== '*' && !resource.startsWith('arn:')))
      throw cannotEvaluatePolicy(`the resource ${JSON.stringify(resource)}`, where);
    validateVariables(resource, where, variablesOn);
  }
  validateConditions(statement.Condition, where, variablesOn);
}

function validatePrincipal(element: PolicyStatement['Principal'], where: string): void {
  if (element === '*') return;
  if (!element || typeof element !== 'object')
    throw cannotEvaluatePolicy(`the principal ${JSON.stringify(element)}`, where);
  for (const [type, values] of Object.entries(element)) {
    for (const value of list(values as string | string[])) {
      const ok =
        (type === 'AWS' &&
          /^(\*|\d{12}|arn:aws:iam::\d{12}:(root|role\/[\w+=,.@/-]+)|arn:aws:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+)$/.test(
            value,
          )) ||
        (type === 'Service' && /^[a-z0-9.-]+\.amazonaws\.com$/.test(value)) ||
        (type === 'Federated' && value === 'cognito-identity.amazonaws.com');
      if (!ok) throw cannotEvaluatePolicy(`the principal ${type}: ${value}`, where);
    }
  }
}

function validateConditions(block: PolicyStatement['Condition'], where: string, variablesOn: boolean): void {
  if (block === undefined) return;
  if (!block || typeof block !== 'object') throw cannotEvaluatePolicy('a Condition that is not an object', where);
  for (const [operator, keys] of Object.entries(block)) {
    const parsed = parseOperator(operator);
    if (!parsed) throw cannotEvaluatePolicy(`condition operator ${operator}`, where);
    if (!keys || typeof keys !== 'object')
      throw cannotEvaluatePolicy(`condition operator ${operator} without keys`, where);
    for (const [key, raw] of Object.entries(keys)) {
      const lower = key.toLowerCase();
      const known =
        (SUPPORTED_CONDITION_KEYS as readonly string[]).includes(lower) || /^kms:encryptioncontext:.+/.test(lower);
      if (!known)
        throw cannotEvaluatePolicy(
          `condition key ${key}`,
          where,
          'the local services do not put it in a request context',
        );
      if (MULTI_VALUED_KEYS.has(lower) && !parsed.set && parsed.base !== 'Null') {
        throw cannotEvaluatePolicy(
          `condition ${operator} on the multi-valued key ${key}`,
          where,
          'use ForAnyValue: or ForAllValues:',
        );
      }
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'number') {
          throw cannotEvaluatePolicy(`the condition value ${JSON.stringify(value)} of ${key}`, where);
        }
        const text = String(value);
        if ((parsed.base === 'Bool' || parsed.base === 'Null') && !/^(true|false)$/i.test(text)) {
          throw cannotEvaluatePolicy(`${operator} value ${text} of ${key}`, where, 'expected true or false');
        }
        if (parsed.base.startsWith('Numeric') && !Number.isFinite(Number(text)))
          throw cannotEvaluatePolicy(`${operator} value ${text} of ${key}`, where);
        if (parsed.base.startsWith('String') || parsed.base.startsWith('Arn'))
          validateVariables(text, where, variablesOn);
      }
    }
  }
}

function validateVariables(text: string, where: string, variablesOn: boolean): void {
  for (const name of variablesIn(text)) {
    if (['*', '?', '$'].includes(name)) continue;
    // Without Version 2012-10-17 IAM would take `${...}` literally: surely not what the template means.
    if (!variablesOn)
      throw cannotEvaluatePolicy(`the policy variable \${${name}}`, where, 'policy variables need Version 2012-10-17');
    if (!(SUPPORTED_VARIABLES as readonly string[]).includes(name.toLowerCase()))
      throw cannotEvaluatePolicy(`the policy variable \${${name}}`, where);
  }
}

function exactlyOne(
  statement: PolicyStatement,
  a: keyof PolicyStatement,
  b: keyof PolicyStatement,
  where: string,
): void {
  const count = Number(statement[a] !== undefined) + Number(statement[b] !== undefined);
  if (count !== 1)
    throw cannotEvaluatePolicy(
      `a statement with ${count === 0 ? `neither ${a} nor ${b}` : `both ${a} and ${b}`}`,
      where,
    );
}

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
