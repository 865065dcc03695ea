import { readFileSync } from 'node:fs';
import type { LocalIds, VaultModel } from '../core/model';
import { buildIdentityPool, buildUserPool } from './build-cognito';
import { buildRoles } from './build-roles';
import { buildBuckets, buildKey } from './build-storage';
import { cannotEvaluate, TemplateError } from './errors';
import { Evaluator } from './intrinsics';
import { pseudoParameters, resolveParameters } from './parameters';
import { parseTemplateText } from './parse-yaml';
import { physicalResource, SUPPORTED_RESOURCE_TYPES } from './physical';
import type { ResolvedResource } from './read-props';
import type { PhysicalResource, TemplateDoc } from './template-types';

export interface LoadVaultModelOptions {
  /** Parameter values overriding the template's defaults, e.g. { AllowClassicFlow: 'false' }. */
  parameters?: Record<string, string>;
}

/**
 * Reads infra/vault.yaml (or any template of the same shape) and resolves it for
 * this local account: every intrinsic evaluated, every Ref/GetAtt replaced by
 * the physical ids in `ids`, every resource turned into the VaultModel the local
 * services read. Throws a TemplateError naming the construct and the logical id
 * for anything it cannot evaluate, so nothing in the template is silently ignored.
 * The vault id is the template's `VaultId` output.
 */
export function loadVaultModel(templatePath: string, ids: LocalIds, options: LoadVaultModelOptions = {}): VaultModel {
  return buildVaultModel(readFileSync(templatePath, 'utf8'), templatePath, ids, options);
}

/** Same as loadVaultModel, from the template's text (tests modify the template this way). */
export function buildVaultModel(
  text: string,
  source: string,
  ids: LocalIds,
  options: LoadVaultModelOptions = {},
): VaultModel {
  const template = checkShape(parseTemplateText(text, source), source);
  for (const [logicalId, decl] of Object.entries(template.Resources)) {
    if (!(SUPPORTED_RESOURCE_TYPES as readonly string[]).includes(decl.Type))
      throw cannotEvaluate(`resource type ${decl.Type}`, logicalId);
  }
  const physicalCache = new Map<string, PhysicalResource>();
  const naming = new Set<string>();
  // Physical ids are computed on first Ref/GetAtt; naming a resource may resolve
  // its name property (BucketName, RoleName...), hence the evaluator closure.
  const physicalOf = (logicalId: string, where: string): PhysicalResource => {
    const cached = physicalCache.get(logicalId);
    if (cached) return cached;
    const decl = template.Resources[logicalId]!;
    if (decl.Condition !== undefined && !evaluator.condition(decl.Condition, logicalId)) {
      throw cannotEvaluate(
        `a reference to ${logicalId}`,
        where,
        `its condition ${decl.Condition} is false, so it does not exist`,
      );
    }
    if (naming.has(logicalId)) throw cannotEvaluate(`the name of ${logicalId}`, where, 'it depends on itself');
    naming.add(logicalId);
    const physical = physicalResource(
      logicalId,
      decl.Type,
      (name) => evaluator.resolve(decl.Properties?.[name], logicalId),
      ids,
    );
    naming.delete(logicalId);
    physicalCache.set(logicalId, physical);
    return physical;
  };
  const evaluator = new Evaluator({
    template,
    pseudo: pseudoParameters(ids),
    parameters: resolveParameters(template.Parameters, options.parameters ?? {}),
    physical: physicalOf,
  });
  const resources: ResolvedResource[] = [];
  for (const [logicalId, decl] of Object.entries(template.Resources)) {
    if (decl.Condition !== undefined && !evaluator.condition(decl.Condition, logicalId)) continue;
    const properties = evaluator.resolve(decl.Properties ?? {}, logicalId) as Record<string, unknown>;
    resources.push({ logicalId, type: decl.Type, properties });
  }
  const physical = (logicalId: string): PhysicalResource => physicalOf(logicalId, logicalId);

  const key = buildKey(resources, physical, ids);
  const { bucket, logBucket } = buildBuckets(resources, physical, key);
  const roles = buildRoles(resources, physical);
  const userPool = buildUserPool(resources, physical);
  const identityPool = buildIdentityPool(resources, physical, userPool, roles);
  const outputs = resolveOutputs(template, evaluator);
  const vaultId = outputs.VaultId;
  if (!vaultId)
    throw cannotEvaluate(
      'a template without a VaultId output',
      source,
      'the vault id (encryption context "vault") comes from it',
    );
  return {
    accountId: ids.accountId,
    region: ids.region,
    stackName: ids.stackName,
    vaultId,
    bucket,
    logBucket,
    key,
    userPool,
    identityPool,
    roles,
    outputs,
  };
}

function checkShape(parsed: unknown, source: string): TemplateDoc {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TemplateError(`${source} is not a CloudFormation template (not a mapping)`);
  const doc = parsed as Record<string, unknown>;
  if ('Transform' in doc) throw cannotEvaluate('Transform (macros)', source);
  const resources = doc.Resources;
  if (!resources || typeof resources !== 'object') throw new TemplateError(`${source} has no Resources`);
  for (const [logicalId, decl] of Object.entries(resources)) {
    if (!decl || typeof decl !== 'object' || typeof (decl as { Type?: unknown }).Type !== 'string') {
      throw cannotEvaluate(`a resource without a Type`, logicalId);
    }
  }
  return doc as unknown as TemplateDoc;
}

function resolveOutputs(template: TemplateDoc, evaluator: Evaluator): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [name, decl] of Object.entries(template.Outputs ?? {})) {
    const where = `output ${name}`;
    if (decl.Condition !== undefined && !evaluator.condition(decl.Condition, where)) continue;
    if (decl && typeof decl === 'object' && 'Export' in decl)
      throw cannotEvaluate('Export', where, 'cross-stack exports are not modelled');
    outputs[name] = evaluator.resolveString(decl.Value, where, 'the output value');
  }
  return outputs;
}
