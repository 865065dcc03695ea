/**
 * Admin calls on users (SigV4-signed in AWS; see ../admin-auth.ts):
 * AdminCreateUser, AdminSetUserPassword, AdminGetUser, AdminDeleteUser,
 * AdminDisableUser, AdminEnableUser, AdminUserGlobalSignOut,
 * AdminResetUserPassword, AdminSetUserMFAPreference, ListUsers.
 */
import { AwsJsonError } from '../../core/http';
import type { Input, Operation, PoolContext } from '../context';
import { checkPassword, generateTemporaryPassword } from '../password-policy';
import { checkUsername, optionalBoolean, optionalString, requirePoolId, requireUser, requiredString } from '../params';
import { srpCredentials, type UserRecord } from '../users';
import { mfaSettings, userType } from '../views';
import { applyUserAttributes, parseAttributeList } from './attributes';
import { sendResetCode } from './forgot-password';
import { applyMfaPreference } from './software-token';

/** Sets a user's password: permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD, expiring). */
export function setPassword(pc: PoolContext, user: UserRecord, password: string, permanent: boolean): void {
  user.srp = srpCredentials(pc.poolName, user.username, password);
  if (permanent) {
    user.status = 'CONFIRMED';
    delete user.temporaryPasswordExpiresAt;
  } else {
    user.status = 'FORCE_CHANGE_PASSWORD';
    // TemporaryPasswordValidityDays; Cognito's default is 7.
    user.temporaryPasswordExpiresAt = pc.now() + (pc.pool.temporaryPasswordValidityDays ?? 7) * 86_400_000;
  }
  delete user.resetCode;
}

/** A new user record's fields before the password is set. */
export function blankUser(username: string): Omit<UserRecord, 'sub' | 'createdAt' | 'updatedAt'> {
  return {
    username,
    enabled: true,
    status: 'FORCE_CHANGE_PASSWORD',
    attributes: {},
    srp: { salt: '', verifier: '' },
    groups: [],
    softwareTokenMfaEnabled: false,
    softwareTokenMfaPreferred: false,
    mfaRequired: false,
  };
}

export const adminCreateUser: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const username = requiredString(input, 'Username', 128);
  checkUsername(username);
  const action = optionalString(input, 'MessageAction');
  if (action !== undefined && action !== 'SUPPRESS' && action !== 'RESEND') {
    throw new AwsJsonError('InvalidParameterException', `Invalid MessageAction ${action}`);
  }
  const attributes = parseAttributeList(input.UserAttributes);
  let password = optionalString(input, 'TemporaryPassword', 256);
  if (password !== undefined) checkPassword(pc.pool.passwordPolicy, password);
  password ??= generateTemporaryPassword(pc.pool.passwordPolicy);

  const existing = pc.users.get(username);
  let user: UserRecord;
  if (action === 'RESEND') {
    // RESEND re-invites a user who never signed in: a fresh temporary password, same user.
    if (!existing) throw new AwsJsonError('UserNotFoundException', 'User does not exist.');
    if (existing.status !== 'FORCE_CHANGE_PASSWORD') {
      throw new AwsJsonError(
        'UnsupportedUserStateException',
        'Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.',
      );
    }
    user = pc.users.update(existing, pc.now(), (u) => setPassword(pc, u, password, false));
  } else {
    if (existing) throw new AwsJsonError('UsernameExistsException', 'User account already exists');
    const fields = blankUser(username);
    // Validate attributes before anything is written.
    applyUserAttributes({ ...fields, sub: '', createdAt: 0, updatedAt: 0, attributes: {} }, attributes);
    user = pc.users.create(fields, pc.now());
    pc.users.update(user, pc.now(), (u) => {
      applyUserAttributes(u, attributes);
      setPassword(pc, u, password, false);
    });
  }
  if (action !== 'SUPPRESS') {
    pc.log(`cognito-idp: invitation for ${username}: temporary password ${password} (local stand-in for e-mail)`);
  }
  return { User: userType(user) };
};

export const adminSetUserPassword: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  const password = requiredString(input, 'Password', 256);
  checkPassword(pc.pool.passwordPolicy, password);
  const permanent = optionalBoolean(input, 'Permanent') ?? false;
  pc.users.update(user, pc.now(), (u) => setPassword(pc, u, password, permanent));
  return {};
};

export const adminGetUser: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  const { Attributes, ...rest } = userType(user);
  return { ...rest, UserAttributes: Attributes, ...mfaSettings(user) };
};

export const adminDeleteUser: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  pc.refresh.revokeUser(user.sub);
  pc.users.delete(user.username);
  return {};
};

/** Disabling also revokes the user's tokens, as Cognito's AdminDisableUser does. */
export const adminDisableUser: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  pc.users.update(user, pc.now(), (u) => {
    u.enabled = false;
  });
  pc.refresh.revokeUser(user.sub);
  return {};
};

export const adminEnableUser: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  pc.users.update(user, pc.now(), (u) => {
    u.enabled = true;
  });
  return {};
};

export const adminUserGlobalSignOut: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  pc.refresh.revokeUser(user.sub);
  return {};
};

/** RESET_REQUIRED: the user must complete ForgotPassword's code (sent to the log) before signing in. */
export const adminResetUserPassword: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    throw new AwsJsonError('NotAuthorizedException', 'User password cannot be reset in the current state.');
  }
  pc.users.update(user, pc.now(), (u) => {
    u.status = 'RESET_REQUIRED';
  });
  pc.refresh.revokeUser(user.sub);
  sendResetCode(pc, user, 'password reset (by an administrator)');
  return {};
};

export const adminSetUserMfaPreference: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  applyMfaPreference(pc, user, input);
  return {};
};

/** ListUsers filters: `name = "value"` or `name ^= "value"` on the attributes Cognito allows. */
const FILTERABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

function filterValue(user: UserRecord, name: string): string | undefined {
  switch (name) {
    case 'username':
      return user.username;
    case 'sub':
      return user.sub;
    case 'cognito:user_status':
      return user.status;
    case 'status':
      return user.enabled ? 'Enabled' : 'Disabled';
    default:
      return user.attributes[name];
  }
}

function parseFilter(filter: string | undefined): ((user: UserRecord) => boolean) | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match || !FILTERABLE.has(match[1]!)) {
    throw new AwsJsonError('InvalidParameterException', 'Error while parsing filter.');
  }
  const [, name, operator, raw] = match as unknown as [string, string, string, string];
  const value = raw.replace(/\\(.)/g, '$1');
  return (user) => {
    const actual = filterValue(user, name);
    if (actual === undefined) return false;
    return operator === '=' ? actual === value : actual.startsWith(value);
  };
}

/** Pagination tokens are the last username of the previous page (usernames are ordered). */
export const listUsers: Operation = (pc, input: Input) => {
  requirePoolId(pc, input);
  const limit = input.Limit === undefined ? 60 : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > 60) {
    throw new AwsJsonError('InvalidParameterException', 'Limit must be between 0 and 60.');
  }
  const only = Array.isArray(input.AttributesToGet) ? (input.AttributesToGet as unknown[]).map(String) : undefined;
  const after = optionalString(input, 'PaginationToken');
  const filter = parseFilter(optionalString(input, 'Filter', 256));
  const users = pc.users
    .list()
    .filter((user) => (after === undefined || user.username > after) && (!filter || filter(user)));
  const page = users.slice(0, limit);
  const more = users.length > page.length && page.length > 0;
  return {
    Users: page.map((user) => userType(user, only)),
    ...(more ? { PaginationToken: page[page.length - 1]!.username } : {}),
  };
};
