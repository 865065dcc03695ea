/**
 * A vault connection profile: the outputs of infra/vault.yaml (or the local
 * backend's profile file), validated with errors that name the field.
 */
import * as z from 'zod/mini';
import { VaultError } from './errors';

export const vaultProfileSchema = z.object({
  region: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS Region such as eu-west-1')),
  userPoolId: z.string().check(z.regex(/^[\w-]+_[0-9A-Za-z]+$/, 'a user pool id such as eu-west-1_AbC123')),
  userPoolClientId: z.string().check(z.regex(/^[0-9a-z]{1,128}$/, 'an app client id')),
  identityPoolId: z.string().check(z.regex(/^[\w-]+:[0-9a-f-]+$/, 'an identity pool id such as eu-west-1:uuid')),
  bucket: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')),
  keyArn: z.string().check(z.regex(/^arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+$/, 'a KMS key ARN')),
  vaultId: z.string().check(z.minLength(1)),
  /** One endpoint for every service: the local backend, or a test double. Absent for AWS itself. */
  endpoint: z.optional(z.url({ protocol: /^https?$/ })),
  /**
   * Credentials lifetime in seconds. Absent: the identity pool's enhanced flow (one hour).
   * Present: the classic flow (GetOpenIdToken + STS AssumeRoleWithWebIdentity), 900 to 43200,
   * so share links can outlive one hour.
   */
  sessionSeconds: z.optional(z.number().check(z.int(), z.gte(900), z.lte(43_200))),
});

export type VaultProfile = z.infer<typeof vaultProfileSchema>;

/** Validates a parsed profile; the error names each bad or missing field. */
export function parseVaultProfile(value: unknown, source = 'the profile'): VaultProfile {
  const result = z.safeParse(vaultProfileSchema, camelCaseKeys(value));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.join('.') || '(top level)';
    return issue.code === 'invalid_type' && issue.input === undefined
      ? `${field} is missing`
      : `${field} is not valid (${issue.message})`;
  });
  throw new VaultError('INVALID_INPUT', `${source} is not a valid vault profile: ${problems.join('; ')}.`);
}

/**
 * The stack's outputs are PascalCase (`UserPoolId`, as `describe-stacks | jq`
 * gives them); the profile's fields are camelCase. Accept both.
 */
function camelCaseKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key[0]!.toLowerCase() + key.slice(1), field]));
}
