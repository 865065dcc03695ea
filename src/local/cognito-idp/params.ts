/**
 * Request validation with Cognito's error shapes: missing or malformed
 * members, client ids, pool ids and users.
 */
import { AwsJsonError } from '../core/http';
import type { Input, PoolContext } from './context';
import type { UserRecord } from './users';

const memberName = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** AWS's validation message, e.g. "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null". */
export function validationError(name: string, value: unknown, constraint: string): AwsJsonError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return new AwsJsonError(
    'InvalidParameterException',
    `1 validation error detected: Value ${shown} at '${memberName(name)}' failed to satisfy constraint: ${constraint}`,
  );
}

/** A required, non-empty string member. */
export function requiredString(input: Input, name: string, maxLength = 2048): string {
  const value = input[name];
  if (value === undefined || value === null) throw validationError(name, value, 'Member must not be null');
  if (typeof value !== 'string') throw new AwsJsonError('SerializationException', `${name} must be a string`);
  if (value.length < 1) throw validationError(name, value, 'Member must have length greater than or equal to 1');
  if (value.length > maxLength) {
    throw validationError(name, '***', `Member must have length less than or equal to ${maxLength}`);
  }
  return value;
}

/** An optional string member. */
export function optionalString(input: Input, name: string, maxLength = 2048): string | undefined {
  return input[name] === undefined || input[name] === null ? undefined : requiredString(input, name, maxLength);
}

/** An optional map member (AuthParameters, ChallengeResponses, …) as a plain object. */
export function stringMap(input: Input, name: string): Record<string, unknown> {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsJsonError('SerializationException', `${name} must be an object`);
  }
  return value as Record<string, unknown>;
}

/** A parameter inside AuthParameters / ChallengeResponses, with Cognito's message when it is missing. */
export function requiredParameter(map: Record<string, unknown>, name: string): string {
  const value = map[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsJsonError('InvalidParameterException', `Missing required parameter ${name}`);
  }
  return value;
}

/** ClientId must name this pool's app client (Cognito: ResourceNotFoundException otherwise). */
export function requireClientId(pc: PoolContext, input: Input): string {
  const clientId = requiredString(input, 'ClientId', 128);
  if (clientId !== pc.pool.clientId) {
    throw new AwsJsonError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  }
  return clientId;
}

/** UserPoolId (admin calls) must name this pool. */
export function requirePoolId(pc: PoolContext, input: Input): void {
  const poolId = requiredString(input, 'UserPoolId', 55);
  if (poolId !== pc.pool.id) throw new AwsJsonError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
}

/** Cognito's username pattern: printable, no whitespace, at most 128 characters. */
export function checkUsername(username: string): void {
  if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(username)) {
    throw validationError(
      'Username',
      username,
      'Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+',
    );
  }
}

/** The user an admin call names (UserNotFoundException when there is none: admins see existence). */
export function requireUser(pc: PoolContext, input: Input): UserRecord {
  const username = requiredString(input, 'Username', 128);
  const user = pc.users.get(username);
  if (!user) throw new AwsJsonError('UserNotFoundException', 'User does not exist.');
  return user;
}

/** An optional boolean member. */
export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new AwsJsonError('SerializationException', `${name} must be a boolean`);
  return value;
}

/** Epoch seconds with fractions, as the JSON protocol carries timestamps. */
export const epochSeconds = (ms: number): number => ms / 1000;
