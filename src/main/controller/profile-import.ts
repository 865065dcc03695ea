/**
 * What `vault.connect` accepts: a profile file's JSON text (the stack's
 * PascalCase outputs, `describe-stacks` Outputs as they come, or camelCase)
 * or an `s3vault://connect?…` link whose query parameters are the profile's
 * fields:
 *
 *   s3vault://connect?region=eu-west-1&userPoolId=eu-west-1_AbC123&userPoolClientId=…
 *     &identityPoolId=eu-west-1%3A…&bucket=…&keyArn=arn%3Aaws%3Akms%3A…&vaultId=…
 *     [&sessionSeconds=43200][&endpoint=http%3A%2F%2F127.0.0.1%3A4566]
 *
 * Both come from outside the app (a file, a pasted or clicked link), so the
 * result is validated field by field, and an endpoint may use plain http
 * only on this computer: a link must not be able to point the app's sign-in
 * at a stranger's server in clear text.
 */
import { VaultError } from '../vault/errors';
import { parseVaultProfile, vaultProfileSchema, type VaultProfile } from '../vault/profile';

export const CONNECT_LINK_PREFIX = 's3vault://connect?';
/** Longer than any real profile, short enough that a pasted novel is refused before parsing. */
export const MAX_PROFILE_TEXT = 16_384;

const NUMERIC_FIELDS = new Set(['sessionSeconds', 'SessionSeconds']);
/** A connect link carries exactly the profile's fields, in the schema's order. */
const LINK_FIELDS = Object.keys(vaultProfileSchema.shape) as (keyof VaultProfile)[];

/** Reads a profile from JSON text or a connect link; INVALID_INPUT naming what is wrong. */
export function parseProfileImport(text: string): VaultProfile {
  const trimmed = text.trim();
  if (trimmed.length > MAX_PROFILE_TEXT) throw new VaultError('INVALID_INPUT', 'This profile is too long to be one.');
  if (/^s3vault:/i.test(trimmed)) return checkEndpoint(parseVaultProfile(connectLinkFields(trimmed), 'The link'));
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new VaultError(
      'INVALID_INPUT',
      'This is neither a vault profile (JSON) nor an s3vault://connect link. Paste the whole profile file or link.',
    );
  }
  return checkEndpoint(parseVaultProfile(flattenStackOutputs(value)));
}

/** The connect link of a profile (for sharing a vault's coordinates; it holds no secret). */
export function buildConnectLink(profile: VaultProfile): string {
  const query = new URLSearchParams();
  for (const field of LINK_FIELDS) {
    const value = profile[field];
    if (value !== undefined) query.set(field, String(value));
  }
  return CONNECT_LINK_PREFIX + query.toString();
}

function connectLinkFields(link: string): Record<string, unknown> {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new VaultError('INVALID_INPUT', 'This is not a valid s3vault:// link.');
  }
  if (url.protocol !== 's3vault:' || url.hostname !== 'connect') {
    throw new VaultError('INVALID_INPUT', 'This S3 Vault link is not a link to connect to a vault.');
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) {
    fields[key] = NUMERIC_FIELDS.has(key) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return fields;
}

/** `aws cloudformation describe-stacks --query Stacks[0].Outputs` gives [{OutputKey, OutputValue}]: accept it as is. */
function flattenStackOutputs(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const outputs: Record<string, unknown> = {};
  for (const item of value) {
    if (item && typeof item === 'object' && typeof item.OutputKey === 'string') {
      outputs[item.OutputKey] = item.OutputValue;
    }
  }
  return outputs;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function checkEndpoint(profile: VaultProfile): VaultProfile {
  if (!profile.endpoint) return profile;
  const url = new URL(profile.endpoint);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new VaultError(
      'INVALID_INPUT',
      `The profile's endpoint ${url.origin} uses plain http on another computer; only https is accepted there.`,
    );
  }
  return profile;
}
