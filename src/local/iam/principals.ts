import type { PolicyStatement } from '../core/policy-types';
import type { Caller } from './caller';

/**
 * How a Principal element names a caller:
 * - 'direct': by name (role ARN, session ARN, service, federation, or '*');
 * - 'account': through its account (12-digit id or :root ARN), which in a
 *   resource policy's Allow delegates to the account's IAM policies;
 * - null: not at all.
 */
export type PrincipalMatch = 'direct' | 'account' | null;

type PrincipalElement = NonNullable<PolicyStatement['Principal']>;

const ACCOUNT = /^(?:(\d{12})|arn:aws:iam::(\d{12}):root)$/;

/** Matches a Principal (or NotPrincipal) element against the caller; the strongest match wins. */
export function matchPrincipal(element: PrincipalElement, caller: Caller): PrincipalMatch {
  if (element === '*') return 'direct';
  let best: PrincipalMatch = null;
  const consider = (match: PrincipalMatch): void => {
    if (match === 'direct' || (match === 'account' && best === null)) best = match;
  };
  for (const entry of list(element.AWS)) consider(matchAws(entry, caller));
  for (const entry of list(element.Service))
    if (caller.type === 'service' && caller.service === entry) consider('direct');
  for (const entry of list(element.Federated))
    if (caller.type === 'federated' && caller.provider === entry) consider('direct');
  return best;
}

function matchAws(entry: string, caller: Caller): PrincipalMatch {
  if (caller.type !== 'principal') return null;
  const principal = caller.principal;
  if (entry === '*') return 'direct';
  const account = ACCOUNT.exec(entry);
  if (account) return (account[1] ?? account[2]) === principal.accountId ? 'account' : null;
  if (entry === principal.arn) return 'direct';
  // A role ARN in a resource policy names every session of that role.
  if (principal.kind === 'assumed-role' && entry === principal.roleArn) return 'direct';
  return null;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
