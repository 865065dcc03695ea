/**
 * IAM policy evaluation for the local backend: role policies, bucket policies,
 * key policies and trust policies, for the subset of the policy language the
 * template uses. validateModelPolicies refuses the rest at start.
 */
export { createAuthorizer, authorizeService } from './authorizer';
export { canAssumeRole, type WebIdentityClaims } from './trust';
export { validateModelPolicies, validatePolicy, SUPPORTED_CONDITION_KEYS } from './validate';
export { PolicyError } from './errors';
export type { Caller } from './caller';
