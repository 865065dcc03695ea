import { AwsJsonError } from '../core/http';
import type { Decision } from '../core/authorizer';

/** KMS's error names and HTTP statuses, as its service model declares them (AccessDeniedException is 400). */

export function keyNotFound(keyReference: string): AwsJsonError {
  return new AwsJsonError('NotFoundException', `Key '${keyReference}' does not exist`, 404);
}

export function aliasNotFound(aliasArn: string): AwsJsonError {
  return new AwsJsonError('NotFoundException', `Alias ${aliasArn} is not found.`, 404);
}

export function keyDisabled(keyArn: string): AwsJsonError {
  return new AwsJsonError('DisabledException', `${keyArn} is disabled.`, 409);
}

export function keyPendingDeletion(keyArn: string): AwsJsonError {
  return new AwsJsonError('KMSInvalidStateException', `${keyArn} is pending deletion.`, 409);
}

/**
 * One answer for every way a ciphertext can fail (tampered, truncated, wrong
 * context, unknown key inside it), so the error teaches an attacker nothing.
 */
export function invalidCiphertext(): AwsJsonError {
  return new AwsJsonError(
    'InvalidCiphertextException',
    'The ciphertext is invalid or does not match the encryption context.',
  );
}

export function validation(message: string): AwsJsonError {
  return new AwsJsonError('ValidationException', message);
}

/** The sentence AWS uses, so people and tools that parse it recognise it. */
export function accessDenied(principalArn: string, action: string, resource: string, decision: Decision): AwsJsonError {
  const reason =
    decision === 'explicit-deny'
      ? 'with an explicit deny in a policy'
      : `because no identity-based policy allows the ${action} action`;
  return new AwsJsonError(
    'AccessDeniedException',
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`,
  );
}
