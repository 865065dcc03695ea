import type { RoleModel } from '../core/model';
import type { PolicyDocument } from '../core/policy-types';
import { cannotEvaluate } from './errors';
import { Props, type ResolvedResource } from './read-props';
import type { PhysicalResource } from './template-types';

type Physical = (logicalId: string) => PhysicalResource;

/**
 * Every IAM role with its trust policy and all the policies that end up on it:
 * its inline Policies, the template's managed policies it lists in
 * ManagedPolicyArns, and AWS::IAM::Policy / ManagedPolicy resources that name it in Roles.
 */
export function buildRoles(resources: ResolvedResource[], physical: Physical): RoleModel[] {
  const managed = new Map<string, { resource: ResolvedResource; policy: PolicyDocument }>();
  for (const resource of resources.filter((item) => item.type === 'AWS::IAM::ManagedPolicy')) {
    managed.set(physical(resource.logicalId).ref, {
      resource,
      policy: requiredPolicy(new Props(resource), 'PolicyDocument'),
    });
  }
  const roles = resources
    .filter((resource) => resource.type === 'AWS::IAM::Role')
    .map((resource): RoleModel => {
      const props = new Props(resource);
      props.refuse('PermissionsBoundary', 'permissions boundaries are not modelled');
      const own = physical(resource.logicalId);
      const inline = props
        .list('Policies')
        .map((entry, index) => requiredPolicy(props.nested(`Policies[${index}]`, entry), 'PolicyDocument'));
      const attached = (props.strings('ManagedPolicyArns') ?? []).map((arn) => {
        const found = managed.get(arn);
        if (!found)
          throw cannotEvaluate(
            `the managed policy ${arn}`,
            resource.logicalId,
            'only managed policies declared in the template exist locally',
          );
        return found.policy;
      });
      const trustPolicy = props.policy('AssumeRolePolicyDocument');
      if (!trustPolicy) throw cannotEvaluate('a missing AssumeRolePolicyDocument', resource.logicalId);
      return {
        logicalId: resource.logicalId,
        arn: own.attributes.Arn!,
        name: own.ref,
        maxSessionDuration: props.number('MaxSessionDuration', 3600),
        trustPolicy,
        policies: [...inline, ...attached],
      };
    });
  const byName = new Map(roles.map((role) => [role.name, role]));
  const attach = (resource: ResolvedResource, policy: PolicyDocument): void => {
    const props = new Props(resource);
    props.refuse('Users', 'IAM users do not exist locally');
    props.refuse('Groups', 'IAM groups do not exist locally');
    for (const name of props.strings('Roles') ?? []) {
      const role = byName.get(name);
      if (!role) throw cannotEvaluate(`the role ${name}`, resource.logicalId, 'no such role in the template');
      if (!role.policies.includes(policy)) role.policies.push(policy);
    }
  };
  for (const { resource, policy } of managed.values()) attach(resource, policy);
  for (const resource of resources.filter((item) => item.type === 'AWS::IAM::Policy')) {
    attach(resource, requiredPolicy(new Props(resource), 'PolicyDocument'));
  }
  return roles;
}

function requiredPolicy(props: Props, name: string): PolicyDocument {
  const policy = props.policy(name);
  if (!policy) throw cannotEvaluate(`a missing ${name}`, props.resource.logicalId);
  return policy;
}
