import { describe, expect, it } from 'vitest';
import { checkPassword, generateTemporaryPassword } from '../../../../src/local/cognito-idp/password-policy';

const POLICY = {
  MinimumLength: 12,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

function rule(password: string): string {
  try {
    checkPassword(POLICY, password);
    return 'ok';
  } catch (error) {
    return `${(error as { type: string }).type}: ${(error as Error).message}`;
  }
}

describe('password policy', () => {
  it('names the rule a password breaks, with InvalidPasswordException', () => {
    expect(rule('Correct-Horse-42')).toBe('ok');
    expect(rule('Short-1a')).toBe(
      'InvalidPasswordException: Password did not conform with policy: Password not long enough',
    );
    expect(rule('CORRECT-HORSE-42')).toBe(
      'InvalidPasswordException: Password did not conform with policy: Password must have lowercase characters',
    );
    expect(rule('correct-horse-42')).toBe(
      'InvalidPasswordException: Password did not conform with policy: Password must have uppercase characters',
    );
    expect(rule('Correct-Horse-xx')).toBe(
      'InvalidPasswordException: Password did not conform with policy: Password must have numeric characters',
    );
    expect(rule('CorrectHorse42x')).toBe(
      'InvalidPasswordException: Password did not conform with policy: Password must have symbol characters',
    );
    expect(rule(' Correct-Horse-42')).toMatch(/^InvalidParameterException/);
  });

  it('generates temporary passwords that satisfy the policy', () => {
    for (let i = 0; i < 100; i += 1) expect(rule(generateTemporaryPassword(POLICY))).toBe('ok');
  });
});
