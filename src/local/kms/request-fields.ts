import { validation } from './kms-errors';

/** Field readers for JSON 1.1 request bodies, answering ValidationException like KMS. */
export type JsonInput = Record<string, unknown>;

export function requiredString(input: JsonInput, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw validation(
      `1 validation error detected: Value at '${lowerFirst(field)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalString(input: JsonInput, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(`${field} must be a string`);
  return value;
}

export function optionalInteger(input: JsonInput, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validation(
      `1 validation error detected: Value '${String(value)}' at '${lowerFirst(field)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

export function optionalBoolean(input: JsonInput, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validation(`${field} must be a boolean`);
  return value;
}

/** Blobs travel base64-encoded in JSON 1.1. */
export function requiredBlob(input: JsonInput, field: string, maxBytes: number): Buffer {
  const encoded = requiredString(input, field);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw validation(`${field} is not valid base64`);
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 1 || bytes.length > maxBytes) {
    throw validation(
      `1 validation error detected: Value at '${lowerFirst(field)}' failed to satisfy constraint: Member must have length between 1 and ${maxBytes}`,
    );
  }
  return bytes;
}

function lowerFirst(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}
