/**
 * IAM string patterns: `*` and `?` wildcards, and policy variables `${...}`
 * (with the `${*}`, `${?}`, `${$}` escapes for the literal characters).
 */

/** Values of the policy variables for one request, by lower-cased name; undefined = not present. */
export type PolicyVariables = Record<string, string | undefined>;

/** The policy variables the local backend can supply (lower-cased). */
export const SUPPORTED_VARIABLES = ['cognito-identity.amazonaws.com:sub'] as const;

const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

type Token = { literal: string } | { wildcard: '*' | '?' } | { variable: string };

/** Splits a policy string into literals, wildcards and variables. */
function tokenize(pattern: string, withVariables: boolean): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) tokens.push({ literal });
    literal = '';
  };
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (withVariables && char === '$' && pattern[index + 1] === '{') {
      const end = pattern.indexOf('}', index + 2);
      if (end > 0) {
        const name = pattern.slice(index + 2, end);
        flush();
        tokens.push(name in ESCAPES ? { literal: ESCAPES[name]! } : { variable: name });
        index = end;
        continue;
      }
    }
    if (char === '*' || char === '?') {
      flush();
      tokens.push({ wildcard: char });
    } else {
      literal += char;
    }
  }
  flush();
  return tokens;
}

/** The variable names a policy string uses (for validation). */
export function variablesIn(pattern: string): string[] {
  return tokenize(pattern, true).flatMap((token) => ('variable' in token ? [token.variable] : []));
}

export interface MatchOptions {
  /** `*` and `?` are wildcards (Like operators, Action, Resource); otherwise literal. */
  wildcards: boolean;
  ignoreCase: boolean;
  /** Policy variables are substituted only in policies of Version 2012-10-17, as in IAM. */
  variables: PolicyVariables | null;
}

/**
 * Compiles a policy string into a predicate. Returns null when it uses a
 * variable that is not present in this request: IAM then treats the element as
 * not matching, which is what the callers do with null.
 */
function compilePattern(pattern: string, options: MatchOptions): ((value: string) => boolean) | null {
  let source = '';
  for (const token of tokenize(pattern, options.variables !== null)) {
    if ('literal' in token) source += escapeRegExp(token.literal);
    else if ('wildcard' in token)
      source += options.wildcards ? (token.wildcard === '*' ? '[\\s\\S]*' : '[\\s\\S]') : escapeRegExp(token.wildcard);
    else {
      const value = options.variables?.[token.variable.toLowerCase()];
      if (value === undefined) return null;
      // A substituted value is matched literally: an identity id never acts as a wildcard.
      source += escapeRegExp(value);
    }
  }
  const regex = new RegExp(`^${source}$`, options.ignoreCase ? 'i' : '');
  return (value) => regex.test(value);
}

/** One-shot match; false when the pattern uses an absent variable. */
export function matches(pattern: string, value: string, options: MatchOptions): boolean {
  return compilePattern(pattern, options)?.(value) ?? false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
