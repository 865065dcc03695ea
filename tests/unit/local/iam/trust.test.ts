import { describe, expect, it } from 'vitest';
import { canAssumeRole } from '../../../../src/local/iam';
import { IDS, loadModel, roleOf } from '../template/fixture';

const model = loadModel();
const userRole = roleOf(model, 'VaultUserRole').arn;
const signedIn = [
  'authenticated',
  `cognito-idp.${IDS.region}.amazonaws.com/${IDS.userPoolId}`,
  `cognito-idp.${IDS.region}.amazonaws.com/${IDS.userPoolId}:CognitoSignIn:sub-1`,
];

describe('canAssumeRole (role trust policies)', () => {
  it('admits an authenticated identity of this identity pool', () => {
    expect(canAssumeRole(model, userRole, { aud: IDS.identityPoolId, amr: signedIn })).toBe(true);
  });

  it('refuses another identity pool, a guest, and an unknown role', () => {
    expect(canAssumeRole(model, userRole, { aud: 'eu-west-1:other', amr: signedIn })).toBe(false);
    expect(canAssumeRole(model, userRole, { aud: IDS.identityPoolId, amr: ['unauthenticated'] })).toBe(false);
    expect(canAssumeRole(model, userRole, { aud: IDS.identityPoolId, amr: [] })).toBe(false);
    expect(
      canAssumeRole(model, 'arn:aws:iam::123456789012:role/nope', { aud: IDS.identityPoolId, amr: signedIn }),
    ).toBe(false);
  });
});
