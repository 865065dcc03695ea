import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { cannotEvaluate, TemplateError } from './errors';

/** The short-form tags CloudFormation accepts, and the long form each stands for. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
};

const YAML_CORE = 'tag:yaml.org,2002:';

/**
 * Parses a CloudFormation YAML template into plain JSON with every short-form
 * tag (`!Ref X`) rewritten to its long form (`{ Ref: X }`), so one evaluator
 * handles both. YAML 1.1 is what CloudFormation reads; timestamps are left as
 * strings (an unquoted `Version: 2012-10-17` stays a string, as in CloudFormation).
 * Throws on YAML errors, aliases, and tags CloudFormation does not define.
 */
export function parseTemplateText(text: string, source: string): unknown {
  const doc = parseDocument(text, {
    version: '1.1',
    customTags: (tags) =>
      tags.filter((tag) => tag !== 'timestamp' && !(typeof tag === 'object' && tag.tag.endsWith(':timestamp'))),
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    throw new TemplateError(`${source} is not valid YAML: ${doc.errors[0]!.message}`);
  }
  return toJson(doc.contents, source, []);
}

function toJson(node: unknown, source: string, path: string[]): unknown {
  if (node === null || node === undefined) return null;
  const where = `${source} at ${path.join('.') || '(top)'}`;
  if (isAlias(node)) throw cannotEvaluate('a YAML alias', where, 'CloudFormation does not accept anchors and aliases');
  const tag = (node as Node).tag;
  let value: unknown;
  if (isScalar(node)) {
    value = node.value;
  } else if (isSeq(node)) {
    value = node.items.map((item, index) => toJson(item, source, [...path, String(index)]));
  } else if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) throw cannotEvaluate('a non-scalar mapping key', where);
      if (key === '<<') throw cannotEvaluate('a YAML merge key (<<)', where, 'CloudFormation does not accept it');
      result[key] = toJson(pair.value, source, [...path, key]);
    }
    value = result;
  } else {
    throw cannotEvaluate('a YAML node of unknown kind', where);
  }
  if (!tag || tag.startsWith(YAML_CORE)) return value;
  const longForm = SHORT_FORMS[tag];
  if (!longForm) throw cannotEvaluate(`the YAML tag ${tag}`, where, 'it is not a CloudFormation intrinsic function');
  // `!GetAtt A.B` is shorthand for [A, B]; the attribute part may itself contain dots.
  if (longForm === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    if (dot < 0) throw cannotEvaluate(`!GetAtt ${value}`, where, 'expected LogicalId.Attribute');
    value = [value.slice(0, dot), value.slice(dot + 1)];
  }
  return { [longForm]: value };
}
