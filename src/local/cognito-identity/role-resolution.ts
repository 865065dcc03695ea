import type { IdTokenClaims } from '../core/id-tokens';
import type { IdentityPoolModel } from '../core/model';
import { invalidPoolConfiguration, notAuthorized } from './identity-errors';

/**
 * Which role GetCredentialsForIdentity assumes for a user-pool login, as the
 * pool's role mapping decides:
 * - Token mapping: the requested CustomRoleArn if the token lists it; else
 *   the token's cognito:preferred_role; else its only cognito:roles entry;
 *   else (none, or several without a preferred one) AmbiguousRoleResolution:
 *   the pool's authenticated role, or denial.
 * - No mapping: the pool's authenticated role.
 * Rules mapping is not in the model and is refused loudly.
 */
export function resolveRole(
  pool: IdentityPoolModel,
  providerName: string,
  claims: IdTokenClaims,
  customRoleArn?: string,
): string {
  const mapping = pool.roleMapping;
  if (!mapping) {
    if (!pool.authenticatedRoleArn) throw invalidPoolConfiguration();
    if (customRoleArn !== undefined && customRoleArn !== pool.authenticatedRoleArn) {
      throw notAuthorized('The role in the request is not one this identity may assume.');
    }
    return pool.authenticatedRoleArn;
  }
  if (mapping.type !== 'Token') throw invalidPoolConfiguration();
  const roles = claims['cognito:roles'] ?? [];
  if (customRoleArn !== undefined) {
    if (!roles.includes(customRoleArn))
      throw notAuthorized('The role in the request is not one of the roles in the token.');
    return customRoleArn;
  }
  const preferred = claims['cognito:preferred_role'];
  if (preferred) return preferred;
  if (roles.length === 1) return roles[0]!;
  if (mapping.ambiguousRoleResolution === 'AuthenticatedRole' && pool.authenticatedRoleArn)
    return pool.authenticatedRoleArn;
  if (mapping.ambiguousRoleResolution === 'AuthenticatedRole') throw invalidPoolConfiguration();
  throw notAuthorized(`The ambiguous role mapping rules for: ${providerName} denied this request.`);
}
