import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A role's unique id (`AROA` + 17 characters, like IAM's), derived from its
 * ARN so it is stable across restarts without being stored.
 */
export function roleUniqueId(roleArn: string): string {
  const digest = createHash('sha256').update(roleArn).digest();
  let id = 'AROA';
  for (let index = 0; index < 17; index++) id += BASE32[digest[index]! % 32];
  return id;
}
