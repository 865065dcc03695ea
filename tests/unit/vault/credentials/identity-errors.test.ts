import { describe, expect, it } from 'vitest';
import { roleForClassicFlow, roleSessionName } from '../../../../src/main/vault/credentials/classic-flow';
import { classifyIdentityError } from '../../../../src/main/vault/credentials/identity-errors';
import { fakeJwt } from '../../../support/fake-jwt';

/** An SDK v3 service error. */
const sdkError = (name: string, message: string, status = 400) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });

describe('classifyIdentityError', () => {
  it('treats a refused ID token as worth one refresh', () => {
    const { error, tokenRejected } = classifyIdentityError(
      sdkError('NotAuthorizedException', 'Token expired: 1 >= 0', 403),
    );
    expect(tokenRejected).toBe(true);
    expect(error).toMatchObject({ code: 'AUTH_REQUIRED', message: 'Your session has ended; sign in again.' });
  });

  it.each([
    [
      sdkError('NotAuthorizedException', 'The ambiguous role mapping rules for: x denied this request.', 403),
      'ACCESS_DENIED',
    ],
    [sdkError('InvalidIdentityPoolConfigurationException', 'Invalid identity pool configuration.'), 'ACCESS_DENIED'],
    [sdkError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403), 'ACCESS_DENIED'],
    [
      sdkError('InvalidParameterException', 'Basic (classic) flow is not enabled, please use enhanced flow.'),
      'INVALID_INPUT',
    ],
    [
      sdkError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
      'INVALID_INPUT',
    ],
    [sdkError('ResourceNotFoundException', "IdentityPool 'x' not found.", 404), 'INVALID_INPUT'],
    [sdkError('TooManyRequestsException', 'slow down'), 'UNAVAILABLE'],
    [sdkError('InternalErrorException', 'boom', 500), 'UNAVAILABLE'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'NETWORK'],
    [Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'NETWORK'],
    [new Error('a bug'), 'INTERNAL'],
  ])('%s → %s', (error, code) => {
    const classified = classifyIdentityError(error);
    expect(classified.tokenRejected).toBe(false);
    expect(classified.error.code).toBe(code);
  });
});

describe('classic flow helpers', () => {
  it("asks STS for the ID token's preferred role, or refuses with ACCESS_DENIED", () => {
    expect(
      roleForClassicFlow(fakeJwt({ 'cognito:preferred_role': 'arn:role/admin', 'cognito:roles': ['a', 'b'] })),
    ).toBe('arn:role/admin');
    expect(roleForClassicFlow(fakeJwt({ 'cognito:roles': ['arn:role/only'] }))).toBe('arn:role/only');
    expect(() => roleForClassicFlow(fakeJwt({ 'cognito:roles': ['a', 'b'] }))).toThrow(/no vault role/);
    expect(() => roleForClassicFlow(fakeJwt({}))).toThrow(/no vault role/);
  });

  it('makes a RoleSessionName STS accepts', () => {
    expect(roleSessionName('alice')).toBe('s3vault-alice');
    expect(roleSessionName('a b/c')).toBe('s3vault-a_b_c');
    expect(roleSessionName('x'.repeat(100))).toHaveLength(64);
  });
});
