/**
 * The user pool's password policy, with Cognito's messages, and temporary
 * passwords that satisfy it.
 */
import { randomInt } from 'node:crypto';
import { AwsJsonError } from '../core/http';
import type { UserPoolModel } from '../core/model';

/** The characters Cognito counts as symbols (the space is one too). */
const SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

/** Throws InvalidPasswordException naming the first rule `password` breaks. */
export function checkPassword(policy: UserPoolModel['passwordPolicy'], password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length === 0) {
    throw new AwsJsonError('InvalidParameterException', 'Password must not be empty.');
  }
  const fail = (rule: string): never => {
    throw new AwsJsonError('InvalidPasswordException', `Password did not conform with policy: ${rule}`);
  };
  // Cognito's API limits passwords to 256 characters whatever the policy.
  if (password.length > 256) {
    throw new AwsJsonError('InvalidParameterException', 'Password must have length less than or equal to 256.');
  }
  if (password.length < policy.MinimumLength) fail('Password not long enough');
  if (/^\s|\s$/.test(password)) {
    throw new AwsJsonError('InvalidParameterException', 'Password must not begin or end with whitespace.');
  }
  if (policy.RequireLowercase && !/[a-z]/.test(password)) fail('Password must have lowercase characters');
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) fail('Password must have uppercase characters');
  if (policy.RequireNumbers && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.includes(c))) {
    fail('Password must have symbol characters');
  }
}

/** A random temporary password that meets the policy (AdminCreateUser without TemporaryPassword). */
export function generateTemporaryPassword(policy: UserPoolModel['passwordPolicy']): string {
  const classes = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!#%+-=?@'];
  const pick = (set: string): string => set[randomInt(set.length)]!;
  const chars = classes.map(pick);
  const all = classes.join('');
  while (chars.length < Math.max(policy.MinimumLength, 12)) chars.push(pick(all));
  // Shuffle so the class order does not leak into every password.
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
