import { AwsJsonError } from '../core/http';

/** A KMS encryption context: non-secret string pairs bound to a ciphertext. */
export type EncryptionContext = Record<string, string>;

/** Reads an EncryptionContext field of a request; absent means empty, as in KMS. */
export function readEncryptionContext(input: Record<string, unknown>, field: string): EncryptionContext {
  const value = input[field];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsJsonError('ValidationException', `${field} must be a map of strings to strings`);
  }
  const context: EncryptionContext = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string')
      throw new AwsJsonError('ValidationException', `${field} must be a map of strings to strings`);
    context[key] = item;
  }
  return context;
}

/**
 * The context as bytes for the ciphertext's additional authenticated data.
 * Sorted by key so the order a client sends pairs in does not matter, and
 * JSON-encoded so no choice of separator characters can make two different
 * contexts encode alike.
 */
export function canonicalEncryptionContext(context: EncryptionContext): Buffer {
  const pairs = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}

/** The condition keys IAM and key policies see for a request with this context. */
export function encryptionContextConditionKeys(context: EncryptionContext): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = { 'kms:EncryptionContextKeys': Object.keys(context).sort() };
  for (const [key, value] of Object.entries(context)) keys[`kms:EncryptionContext:${key}`] = value;
  return keys;
}
