/**
 * Group membership (admin calls). The groups themselves come from the
 * template (VaultModel); only membership is local state.
 */
import { AwsJsonError } from '../../core/http';
import type { Input, Operation, PoolContext } from '../context';
import { optionalString, requirePoolId, requireUser, requiredString } from '../params';

function requireGroup(pc: PoolContext, input: Input): string {
  const name = requiredString(input, 'GroupName', 128);
  if (!pc.pool.groups.some((group) => group.name === name)) {
    throw new AwsJsonError('ResourceNotFoundException', 'Group not found.');
  }
  return name;
}

export const adminAddUserToGroup: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  const group = requireGroup(pc, input);
  if (!user.groups.includes(group)) {
    pc.users.update(user, pc.now(), (u) => {
      u.groups.push(group);
    });
  }
  return {};
};

/** Existing tokens keep their claims until they expire; refreshed ones reflect the change (as in Cognito). */
export const adminRemoveUserFromGroup: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  const group = requireGroup(pc, input);
  if (user.groups.includes(group)) {
    pc.users.update(user, pc.now(), (u) => {
      u.groups = u.groups.filter((name) => name !== group);
    });
  }
  return {};
};

export const adminListGroupsForUser: Operation = (pc, input) => {
  requirePoolId(pc, input);
  const user = requireUser(pc, input);
  const limit = input.Limit === undefined ? 60 : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > 60) {
    throw new AwsJsonError('InvalidParameterException', 'Limit must be between 0 and 60.');
  }
  const after = optionalString(input, 'NextToken');
  const groups = pc.pool.groups
    .filter((group) => user.groups.includes(group.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .filter((group) => after === undefined || group.name > after);
  const page = groups.slice(0, limit);
  return {
    Groups: page.map((group) => ({
      GroupName: group.name,
      UserPoolId: pc.pool.id,
      ...(group.description !== undefined ? { Description: group.description } : {}),
      ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
      ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    })),
    ...(groups.length > page.length && page.length > 0 ? { NextToken: page[page.length - 1]!.name } : {}),
  };
};
