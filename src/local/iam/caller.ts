import type { Principal } from '../core/principal';
import type { PolicyVariables } from './patterns';

/**
 * Who a policy is evaluated for: a signed-in principal (admin keys or a role
 * session), an AWS service (e.g. S3 log delivery), or a web-identity federation
 * (Cognito Identity assuming a role).
 */
export type Caller =
  | { type: 'principal'; principal: Principal }
  | { type: 'service'; service: string }
  | { type: 'federated'; provider: string };

/** The policy variables a caller supplies (lower-cased names). */
export function variablesOf(caller: Caller): PolicyVariables {
  if (caller.type === 'principal' && caller.principal.kind === 'assumed-role') {
    return { 'cognito-identity.amazonaws.com:sub': caller.principal.identityId };
  }
  return {};
}
