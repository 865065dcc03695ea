import type { AuthzRequest } from '../core/authorizer';
import { matches, type PolicyVariables } from './patterns';

/** Condition operators the local evaluator implements (each also with IfExists, except Null). */
const SUPPORTED_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'Bool',
  'ArnEquals',
  'ArnNotEquals',
  'ArnLike',
  'ArnNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'Null',
] as const;

export type BaseOperator = (typeof SUPPORTED_OPERATORS)[number];

export interface ParsedOperator {
  set: 'ForAnyValue' | 'ForAllValues' | null;
  base: BaseOperator;
  ifExists: boolean;
  /** Negated operators are true for an absent key, and NOR their values. */
  negated: boolean;
}

/** Parses `ForAnyValue:StringLikeIfExists` and the like; null when unsupported. */
export function parseOperator(operator: string): ParsedOperator | null {
  let rest = operator;
  let set: ParsedOperator['set'] = null;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon);
    if (prefix !== 'ForAnyValue' && prefix !== 'ForAllValues') return null;
    set = prefix;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  if (!(SUPPORTED_OPERATORS as readonly string[]).includes(rest)) return null;
  const base = rest as BaseOperator;
  if (base === 'Null' && (ifExists || set)) return null;
  return { set, base, ifExists, negated: /Not(Equals|Like)/.test(base) };
}

/**
 * parseOperator's answers, remembered: the operators come from the policies, a
 * short list, and conditions are evaluated on every request (bounded anyway,
 * since bucket policies can change at run time).
 */
const parsedOperators = new Map<string, ParsedOperator | null>();

function parsedOperator(operator: string): ParsedOperator | null {
  let parsed = parsedOperators.get(operator);
  if (parsed === undefined) {
    parsed = parseOperator(operator);
    if (parsedOperators.size >= 256) parsedOperators.clear();
    parsedOperators.set(operator, parsed);
  }
  return parsed;
}

type ContextValue = AuthzRequest['context'][string];

/** Condition keys are case-insensitive in IAM: look them up that way. */
function lookupKey(context: AuthzRequest['context'], key: string): ContextValue {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) if (name.toLowerCase() === lower) return value;
  return undefined;
}

/**
 * Evaluates a statement's Condition block as IAM does: operators AND, keys
 * within an operator AND, values of one key OR (NOR for negated operators).
 * An absent key makes a condition false, except: negated operators (true),
 * IfExists (true), ForAllValues (true), Null (tests exactly that).
 */
export function conditionsHold(
  block: Record<string, Record<string, unknown>> | undefined,
  context: AuthzRequest['context'],
  variables: PolicyVariables | null,
): boolean {
  if (!block) return true;
  for (const [operator, keys] of Object.entries(block)) {
    const parsed = parsedOperator(operator);
    // Validation refuses unknown operators at start; at run time an unknown one never grants.
    if (!parsed) return false;
    for (const [key, raw] of Object.entries(keys)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (!conditionHolds(parsed, lookupKey(context, key), values, variables)) return false;
    }
  }
  return true;
}

function conditionHolds(
  op: ParsedOperator,
  actual: ContextValue,
  policyValues: string[],
  variables: PolicyVariables | null,
): boolean {
  if (op.base === 'Null') {
    const absent = actual === undefined;
    return policyValues.some((value) => (value.toLowerCase() === 'true') === absent);
  }
  if (actual === undefined) {
    if (op.ifExists || op.set === 'ForAllValues') return true;
    if (op.set === 'ForAnyValue') return false;
    return op.negated;
  }
  const actualValues = (Array.isArray(actual) ? actual : [actual]).map(String);
  const one = (value: string): boolean => {
    const any = policyValues.some((policyValue) => valueMatches(op.base, value, policyValue, variables));
    return op.negated ? !any : any;
  };
  if (op.set === 'ForAllValues') return actualValues.every(one);
  if (op.set === 'ForAnyValue') return actualValues.some(one);
  // A single-valued operator on a list (validation refuses it for the known list keys):
  // positive operators need one matching value, negated ones need all to pass.
  return op.negated ? actualValues.every(one) : actualValues.some(one);
}

function valueMatches(
  base: BaseOperator,
  actual: string,
  policyValue: string,
  variables: PolicyVariables | null,
): boolean {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return matches(policyValue, actual, { wildcards: false, ignoreCase: false, variables });
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return matches(policyValue, actual, { wildcards: false, ignoreCase: true, variables });
    // ArnEquals and ArnLike behave the same in IAM: both accept wildcards.
    case 'StringLike':
    case 'StringNotLike':
    case 'ArnEquals':
    case 'ArnNotEquals':
    case 'ArnLike':
    case 'ArnNotLike':
      return matches(policyValue, actual, { wildcards: true, ignoreCase: false, variables });
    case 'Bool':
      return policyValue.toLowerCase() === actual.toLowerCase();
    default:
      return numericMatches(base, Number(actual), Number(policyValue));
  }
}

function numericMatches(base: BaseOperator, actual: number, expected: number): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  switch (base) {
    case 'NumericEquals':
    case 'NumericNotEquals':
      return actual === expected;
    case 'NumericLessThan':
      return actual < expected;
    case 'NumericLessThanEquals':
      return actual <= expected;
    case 'NumericGreaterThan':
      return actual > expected;
    case 'NumericGreaterThanEquals':
      return actual >= expected;
    default:
      return false;
  }
}
