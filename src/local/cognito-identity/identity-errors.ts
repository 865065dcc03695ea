import { AwsJsonError } from '../core/http';

/** Cognito Identity's errors, with the HTTP statuses of its service model. */

export function notAuthorized(message: string): AwsJsonError {
  return new AwsJsonError('NotAuthorizedException', message, 403);
}

export function resourceNotFound(message: string): AwsJsonError {
  return new AwsJsonError('ResourceNotFoundException', message, 404);
}

export function invalidParameter(message: string): AwsJsonError {
  return new AwsJsonError('InvalidParameterException', message, 400);
}

/** What Cognito answers when a role is missing or does not trust the pool. */
export function invalidPoolConfiguration(): AwsJsonError {
  return new AwsJsonError(
    'InvalidIdentityPoolConfigurationException',
    'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    400,
  );
}
