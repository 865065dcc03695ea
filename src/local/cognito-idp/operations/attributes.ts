/** User attributes as AdminCreateUser and NEW_PASSWORD_REQUIRED may set them. */
import { AwsJsonError } from '../../core/http';
import type { UserRecord } from '../users';

/** Cognito's standard attributes (OpenID Connect claims), minus `sub`, which nobody may set. */
const STANDARD = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);

/** Parses an AttributeType list ([{Name, Value}]) from a request. */
export function parseAttributeList(value: unknown): Array<{ Name: string; Value: string }> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AwsJsonError('SerializationException', 'UserAttributes must be a list');
  return value.map((item: unknown) => {
    const { Name, Value } = (item ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string' || (Value !== undefined && typeof Value !== 'string')) {
      throw new AwsJsonError('SerializationException', 'UserAttributes entries are {Name, Value} strings');
    }
    return { Name, Value: Value ?? '' };
  });
}

/** Sets attributes on a user record, refusing unknown names and `sub` as Cognito does. */
export function applyUserAttributes(user: UserRecord, attributes: Array<{ Name: string; Value: string }>): void {
  for (const { Name, Value } of attributes) {
    if (Name === 'sub')
      throw new AwsJsonError('InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
    if (!STANDARD.has(Name) && !/^custom:[\w.-]{1,20}$/.test(Name)) {
      throw new AwsJsonError(
        'InvalidParameterException',
        `Attributes did not conform to the schema: ${Name}: Attribute does not exist in the schema.`,
      );
    }
    if (Value.length > 2048)
      throw new AwsJsonError('InvalidParameterException', `Attribute value for ${Name} is too long.`);
    if (Name.endsWith('_verified') && Value !== 'true' && Value !== 'false') {
      throw new AwsJsonError('InvalidParameterException', `Attribute value for ${Name} must be true or false.`);
    }
    if (Name === 'email' && !/^[^\s@]+@[^\s@]+$/.test(Value)) {
      throw new AwsJsonError('InvalidParameterException', 'Invalid email address format.');
    }
    user.attributes[Name] = Value;
  }
}
