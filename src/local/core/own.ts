/**
 * A record lookup that ignores inherited names. Operation names, key ids and
 * access key ids come from requests, and `constructor` or `__proto__` must
 * not find anything on Object.prototype.
 */
export function ownValue<T>(map: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(map, name) ? map[name] : undefined;
}
