import { describe, expect, it } from 'vitest';
import { groupClaims } from '../../../../src/local/cognito-idp/group-claims';

const USERS = { name: 'vault-users', roleArn: 'arn:aws:iam::1:role/user', precedence: 10 };
const ADMINS = { name: 'vault-admins', roleArn: 'arn:aws:iam::1:role/admin', precedence: 1 };

describe('group claims', () => {
  it('orders groups by precedence and prefers the lowest precedence role', () => {
    expect(groupClaims([USERS, ADMINS], ['vault-users', 'vault-admins'])).toEqual({
      groups: ['vault-admins', 'vault-users'],
      roles: ['arn:aws:iam::1:role/admin', 'arn:aws:iam::1:role/user'],
      preferredRole: 'arn:aws:iam::1:role/admin',
    });
    expect(groupClaims([USERS, ADMINS], ['vault-users'])).toEqual({
      groups: ['vault-users'],
      roles: ['arn:aws:iam::1:role/user'],
      preferredRole: 'arn:aws:iam::1:role/user',
    });
  });

  it('sets no preferred role when the best precedence is tied between different roles', () => {
    const tied = { ...ADMINS, precedence: 10 };
    expect(groupClaims([USERS, tied], ['vault-users', 'vault-admins']).preferredRole).toBeUndefined();
    const noPrecedence = [
      { name: 'a', roleArn: 'arn:a' },
      { name: 'b', roleArn: 'arn:b' },
    ];
    expect(groupClaims(noPrecedence, ['a', 'b']).preferredRole).toBeUndefined();
    // A group with a precedence beats groups without one (null precedence is the lowest priority).
    expect(
      groupClaims([...noPrecedence, { name: 'c', roleArn: 'arn:c', precedence: 50 }], ['a', 'b', 'c']).preferredRole,
    ).toBe('arn:c');
  });

  it('ignores memberships of groups the template no longer declares, and groups without roles', () => {
    expect(groupClaims([USERS, { name: 'plain' }], ['gone', 'plain'])).toEqual({
      groups: ['plain'],
      roles: [],
      preferredRole: undefined,
    });
  });
});
