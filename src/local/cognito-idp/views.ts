/** Users as the API shows them (AdminGetUser, GetUser, ListUsers, AdminCreateUser). */
import type { UserRecord } from './users';
import { epochSeconds } from './params';

/** [{Name, Value}] with `sub` first, as Cognito lists it. */
export function attributeList(user: UserRecord, only?: string[]): Array<{ Name: string; Value: string }> {
  const all = [
    { Name: 'sub', Value: user.sub },
    ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
  ];
  return only ? all.filter((attribute) => only.includes(attribute.Name)) : all;
}

/** PreferredMfaSetting and UserMFASettingList, present only when TOTP is enabled. */
export function mfaSettings(user: UserRecord): { PreferredMfaSetting?: string; UserMFASettingList?: string[] } {
  if (!user.softwareTokenMfaEnabled) return {};
  return {
    ...(user.softwareTokenMfaPreferred ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' } : {}),
    UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
  };
}

/** The UserType of ListUsers and AdminCreateUser. */
export function userType(user: UserRecord, only?: string[]): Record<string, unknown> {
  return {
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}
