import type { LocalIds } from '../core/model';
import { cannotEvaluate } from './errors';
import type { ParameterValue } from './intrinsics';
import type { ParameterDecl } from './template-types';

/**
 * Parameter values: an override, else the Default, checked against
 * AllowedValues and AllowedPattern as CloudFormation checks them at deploy.
 */
export function resolveParameters(
  declared: Record<string, ParameterDecl> | undefined,
  overrides: Record<string, string>,
): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {};
  for (const name of Object.keys(overrides)) {
    if (!declared || !(name in declared))
      throw cannotEvaluate(`the parameter value ${name}`, 'the options', 'the template declares no such parameter');
  }
  for (const [name, decl] of Object.entries(declared ?? {})) {
    const where = `parameter ${name}`;
    const type = decl.Type ?? 'String';
    const given = overrides[name] ?? (decl.Default === undefined ? undefined : String(decl.Default));
    if (given === undefined)
      throw cannotEvaluate(`a value for ${name}`, where, 'it has no Default; pass it in the options');
    if (decl.AllowedValues && !decl.AllowedValues.map(String).includes(given)) {
      throw cannotEvaluate(`${name} = ${given}`, where, `allowed values are ${decl.AllowedValues.join(', ')}`);
    }
    // CloudFormation matches AllowedPattern against the whole value.
    if (decl.AllowedPattern && !new RegExp(`^(?:${decl.AllowedPattern})$`).test(given)) {
      throw cannotEvaluate(`${name} = ${given}`, where, `it does not match ${decl.AllowedPattern}`);
    }
    if (type === 'String') values[name] = given;
    else if (type === 'Number') {
      if (!Number.isFinite(Number(given))) throw cannotEvaluate(`${name} = ${given}`, where, 'expected a number');
      values[name] = given;
    } else if (type === 'CommaDelimitedList' || type === 'List<Number>')
      values[name] = given.split(',').map((item) => item.trim());
    else throw cannotEvaluate(`the parameter type ${type}`, where);
  }
  return values;
}

/** The pseudo parameters, for this local account. */
export function pseudoParameters(ids: LocalIds): Record<string, string> {
  return {
    'AWS::AccountId': ids.accountId,
    'AWS::Region': ids.region,
    'AWS::StackName': ids.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${ids.region}:${ids.accountId}:stack/${ids.stackName}/${ids.suffix}`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
}
