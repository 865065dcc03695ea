/**
 * cognito:groups, cognito:roles and cognito:preferred_role, derived from the
 * user's groups the way Cognito derives them. The identity pool's token-based
 * role mapping reads these claims.
 */
import type { UserPoolModel } from '../core/model';

export interface GroupClaims {
  groups: string[];
  roles: string[];
  preferredRole?: string;
}

/**
 * Groups are ordered by precedence (lowest number first; groups without a
 * precedence come last, as Cognito gives them the lowest priority).
 * preferred_role is the role of the lowest-precedence group that has a role;
 * when several groups tie at that precedence with different roles, Cognito
 * sets no preferred role (the identity pool then resolves the ambiguity).
 */
export function groupClaims(poolGroups: UserPoolModel['groups'], memberOf: string[]): GroupClaims {
  const rank = (p: number | undefined): number => (p === undefined ? Number.POSITIVE_INFINITY : p);
  // Membership of a group that the template no longer declares grants nothing.
  const groups = poolGroups
    .filter((group) => memberOf.includes(group.name))
    .sort((a, b) => rank(a.precedence) - rank(b.precedence) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const roles = [...new Set(groups.flatMap((group) => (group.roleArn ? [group.roleArn] : [])))];
  const withRoles = groups.filter((group) => group.roleArn);
  let preferredRole: string | undefined;
  if (withRoles.length > 0) {
    const best = rank(withRoles[0]!.precedence);
    const tied = new Set(withRoles.filter((group) => rank(group.precedence) === best).map((group) => group.roleArn!));
    if (tied.size === 1) preferredRole = [...tied][0];
  }
  return { groups: groups.map((group) => group.name), roles, preferredRole };
}
