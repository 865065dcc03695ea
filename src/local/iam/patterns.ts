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
 * A policy string compiled once per (pattern, options): regex source fragments
 * with the variables left as holes, so a request only substitutes its values.
 */
interface CompiledPattern {
  /** Already-escaped regex source around the holes (one more than `variables`). */
  fragments: string[];
  /** Lower-cased variable names, one per hole. */
  variables: string[];
  flags: string;
  /** The whole RegExp when the pattern has no variables. */
  regex: RegExp | null;
}

/**
 * Policies are evaluated on every request and used to compile each pattern to a
 * RegExp every time (a large share of a small request's CPU). Patterns come
 * from a handful of policies, so a bounded cache (oldest evicted first) holds
 * them all; bucket policies that change at run time only add entries.
 */
const CACHE_LIMIT = 1000;
const compiledPatterns = new Map<string, CompiledPattern>();
/** RegExps of patterns with variables, by substituted source: one per identity and pattern. */
const substitutedRegexes = new Map<string, RegExp>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

function compiledPattern(pattern: string, options: MatchOptions): CompiledPattern {
  const withVariables = options.variables !== null;
  const cacheKey = `${options.wildcards ? 'w' : '-'}${options.ignoreCase ? 'i' : '-'}${withVariables ? 'v' : '-'}${pattern}`;
  const cached = compiledPatterns.get(cacheKey);
  if (cached) return cached;
  const fragments = [''];
  const variables: string[] = [];
  for (const token of tokenize(pattern, withVariables)) {
    if ('literal' in token) fragments[fragments.length - 1] += escapeRegExp(token.literal);
    else if ('wildcard' in token)
      fragments[fragments.length - 1] += options.wildcards
        ? token.wildcard === '*'
          ? '[\\s\\S]*'
          : '[\\s\\S]'
        : escapeRegExp(token.wildcard);
    else {
      variables.push(token.variable.toLowerCase());
      fragments.push('');
    }
  }
  const flags = options.ignoreCase ? 'i' : '';
  const regex = variables.length === 0 ? new RegExp(`^${fragments[0]!}$`, flags) : null;
  return remember(compiledPatterns, cacheKey, { fragments, variables, flags, regex });
}

/**
 * The RegExp of a policy string for this request. Returns null when it uses a
 * variable that is not present in this request: IAM then treats the element as
 * not matching, which is what the callers do with null.
 */
function patternRegex(pattern: string, options: MatchOptions): RegExp | null {
  const compiled = compiledPattern(pattern, options);
  if (compiled.regex) return compiled.regex;
  let source = compiled.fragments[0]!;
  for (let index = 0; index < compiled.variables.length; index += 1) {
    const value = options.variables?.[compiled.variables[index]!];
    if (value === undefined) return null;
    // A substituted value is matched literally: an identity id never acts as a wildcard.
    source += escapeRegExp(value) + compiled.fragments[index + 1]!;
  }
  const cacheKey = `${compiled.flags}/${source}`;
  return (
    substitutedRegexes.get(cacheKey) ??
    remember(substitutedRegexes, cacheKey, new RegExp(`^${source}$`, compiled.flags))
  );
}

/** One-shot match; false when the pattern uses an absent variable. */
export function matches(pattern: string, value: string, options: MatchOptions): boolean {
  return patternRegex(pattern, options)?.test(value) ?? false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
