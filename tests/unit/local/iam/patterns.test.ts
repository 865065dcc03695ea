import { describe, expect, it } from 'vitest';
import { matches, type MatchOptions } from '../../../../src/local/iam/patterns';

/**
 * The evaluator before patterns were cached: compiled afresh on every call.
 * The cached `matches` must agree with it on every input.
 */
function uncachedMatches(pattern: string, value: string, options: MatchOptions): boolean {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const escapes: Record<string, string> = { '*': '*', '?': '?', $: '$' };
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (options.variables !== null && char === '$' && pattern[index + 1] === '{') {
      const end = pattern.indexOf('}', index + 2);
      if (end > 0) {
        const name = pattern.slice(index + 2, end);
        if (name in escapes) source += escape(escapes[name]!);
        else {
          const substituted = options.variables[name.toLowerCase()];
          if (substituted === undefined) return false;
          source += escape(substituted);
        }
        index = end;
        continue;
      }
    }
    if ((char === '*' || char === '?') && options.wildcards) source += char === '*' ? '[\\s\\S]*' : '[\\s\\S]';
    else source += escape(char);
  }
  return new RegExp(`^${source}$`, options.ignoreCase ? 'i' : '').test(value);
}

const SUB = 'cognito-identity.amazonaws.com:sub';

const PATTERNS = [
  '*',
  '?',
  '',
  's3:GetObject',
  's3:Get*',
  's3:*Object',
  's3:?etObject',
  'arn:aws:s3:::vault-bucket',
  'arn:aws:s3:::vault-bucket/*',
  'arn:aws:s3:::vault-bucket/private/${cognito-identity.amazonaws.com:sub}/*',
  'arn:aws:s3:::vault-bucket/private/${Cognito-Identity.amazonaws.com:SUB}',
  'arn:aws:s3:::b/${aws:username}/*',
  'a.b+c(d)[e]{f}^g$h|i\\j',
  'a.b*',
  '${*}literal-star${?}${$}',
  '${unterminated',
  '$notavariable{x}',
  'private/${cognito-identity.amazonaws.com:sub}/${cognito-identity.amazonaws.com:sub}',
];

const VALUES = [
  '',
  's3:GetObject',
  'S3:GETOBJECT',
  's3:PutObject',
  's3:getobject',
  'arn:aws:s3:::vault-bucket',
  'arn:aws:s3:::vault-bucket/private/eu-west-1:abc/file.bin',
  'arn:aws:s3:::vault-bucket/private/eu-west-1:abd/file.bin',
  'arn:aws:s3:::vault-bucket/private/eu-west-1:abc',
  'arn:aws:s3:::vault-bucket/private/eu-west-1.abc',
  'a.b+c(d)[e]{f}^g$h|i\\j',
  'aXb+c(d)[e]{f}^g$h|i\\j',
  'a.bcd',
  'axb',
  '*literal-star?$',
  'xliteral-starx$',
  '${unterminated',
  '$notavariable{x}',
  'private/eu-west-1:abc/eu-west-1:abc',
  'line\nbreak',
  'x',
];

const VARIABLE_SETS = [
  null,
  {},
  { [SUB]: 'eu-west-1:abc' },
  // An identity id is matched literally, even when it holds regex or IAM wildcard characters.
  { [SUB]: 'eu-west-1:a.c*' },
  { [SUB]: 'eu-west-1:a?c' },
];

describe('IAM pattern matching with compiled-pattern caches', () => {
  it('answers exactly as compiling every time did, repeatedly (cache hits)', () => {
    for (let round = 0; round < 3; round += 1) {
      for (const pattern of PATTERNS)
        for (const value of VALUES)
          for (const wildcards of [true, false])
            for (const ignoreCase of [true, false])
              for (const variables of VARIABLE_SETS) {
                const options = { wildcards, ignoreCase, variables };
                expect(matches(pattern, value, options), JSON.stringify({ pattern, value, options })).toBe(
                  uncachedMatches(pattern, value, options),
                );
              }
    }
  });

  it('keeps metacharacters literal and wildcards meaningful only when asked', () => {
    const like = { wildcards: true, ignoreCase: false, variables: null };
    const equals = { wildcards: false, ignoreCase: false, variables: null };
    expect(matches('a.b', 'axb', like)).toBe(false);
    expect(matches('a*b', 'a-long-b', like)).toBe(true);
    expect(matches('a*b', 'a-long-b', equals)).toBe(false);
    expect(matches('a*b', 'a*b', equals)).toBe(true);
    expect(matches('(x|y)', 'x', like)).toBe(false);
  });

  it('treats an absent variable as no match, and does not let one identity match for another', () => {
    const pattern = 'arn:aws:s3:::v/private/${cognito-identity.amazonaws.com:sub}/*';
    const options = (sub: string | undefined): MatchOptions => ({
      wildcards: true,
      ignoreCase: false,
      variables: sub === undefined ? {} : { [SUB]: sub },
    });
    expect(matches(pattern, 'arn:aws:s3:::v/private/id-1/f', options('id-1'))).toBe(true);
    expect(matches(pattern, 'arn:aws:s3:::v/private/id-1/f', options('id-2'))).toBe(false);
    expect(matches(pattern, 'arn:aws:s3:::v/private/id-2/f', options('id-2'))).toBe(true);
    expect(matches(pattern, 'arn:aws:s3:::v/private//f', options(undefined))).toBe(false);
    // With variables off (policy Version 2012-10-17 absent), `${...}` is literal text.
    expect(
      matches(pattern, 'arn:aws:s3:::v/private/${cognito-identity.amazonaws.com:sub}/f', {
        wildcards: true,
        ignoreCase: false,
        variables: null,
      }),
    ).toBe(true);
  });

  it('stays correct past the cache bound (many identities, many patterns)', () => {
    const pattern = 'arn:aws:s3:::v/private/${cognito-identity.amazonaws.com:sub}/*';
    for (let round = 0; round < 2; round += 1) {
      for (let index = 0; index < 2500; index += 1) {
        const variables = { [SUB]: `eu-west-1:${index}` };
        const options = { wildcards: true, ignoreCase: false, variables };
        expect(matches(pattern, `arn:aws:s3:::v/private/eu-west-1:${index}/f`, options)).toBe(true);
        expect(matches(pattern, `arn:aws:s3:::v/private/eu-west-1:${index + 1}/f`, options)).toBe(false);
        expect(matches(`literal-${index}.x`, `literal-${index}.x`, options)).toBe(true);
        expect(matches(`literal-${index}.x`, `literal-${index}-x`, options)).toBe(false);
      }
    }
  });
});
