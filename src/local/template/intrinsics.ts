import { cannotEvaluate } from './errors';
import type { PhysicalResource, TemplateDoc } from './template-types';

/** What `Ref: AWS::NoValue` resolves to: the property (or list item) is removed. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Values a parameter or pseudo parameter can have. */
export type ParameterValue = string | string[];

export interface EvaluatorOptions {
  template: TemplateDoc;
  /** AWS::AccountId, AWS::Region, AWS::StackName, AWS::Partition, AWS::URLSuffix, AWS::StackId. */
  pseudo: Record<string, string>;
  /** Parameter values after defaults and overrides. */
  parameters: Record<string, ParameterValue>;
  /** Physical ids of a resource in the local account, computed lazily (see physical.ts). */
  physical: (logicalId: string, where: string) => PhysicalResource;
}

/**
 * Evaluates CloudFormation intrinsic functions (long forms; parse-yaml.ts turns
 * the short forms into these) against the local account. Anything it does not
 * implement throws naming the function and where it was met, so a template
 * feature the local backend would misread can never pass unnoticed.
 */
export class Evaluator {
  private readonly conditionCache = new Map<string, boolean>();
  private readonly conditionsInProgress = new Set<string>();

  constructor(private readonly options: EvaluatorOptions) {}

  /** Resolves every intrinsic in `value`; `AWS::NoValue` leaves `NO_VALUE` for the caller to drop. */
  resolve(value: unknown, where: string): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolve(item, where)).filter((item) => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const intrinsic = entries.find(([key]) => key === 'Ref' || key.startsWith('Fn::'));
    if (intrinsic) {
      if (entries.length !== 1) throw cannotEvaluate(`${intrinsic[0]} beside other keys`, where);
      return this.intrinsic(intrinsic[0], intrinsic[1], where);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.resolve(item, where);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  /** Resolves to a string, or throws naming what was expected. */
  resolveString(value: unknown, where: string, what: string): string {
    const resolved = this.resolve(value, where);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw cannotEvaluate(`${what} (expected a string, got ${describe(resolved)})`, where);
  }

  /** Evaluates a named template condition (Conditions section), memoized. */
  condition(name: string, where: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const declared = this.options.template.Conditions?.[name];
    if (declared === undefined)
      throw cannotEvaluate(`the condition ${name}`, where, 'it is not declared in Conditions');
    if (this.conditionsInProgress.has(name))
      throw cannotEvaluate(`the condition ${name}`, where, 'it refers to itself');
    this.conditionsInProgress.add(name);
    const result = this.conditionValue(declared, `condition ${name}`);
    this.conditionsInProgress.delete(name);
    this.conditionCache.set(name, result);
    return result;
  }

  private conditionValue(value: unknown, where: string): boolean {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 1) {
        const [fn, args] = entries[0]!;
        switch (fn) {
          case 'Condition':
            return this.condition(String(args), where);
          case 'Fn::Equals': {
            const [a, b] = this.args(fn, args, 2, where);
            return stringify(this.resolve(a, where)) === stringify(this.resolve(b, where));
          }
          case 'Fn::Not':
            return !this.conditionValue(this.args(fn, args, 1, where)[0], where);
          case 'Fn::And':
            return this.list(fn, args, where).every((item) => this.conditionValue(item, where));
          case 'Fn::Or':
            return this.list(fn, args, where).some((item) => this.conditionValue(item, where));
          default:
            break;
        }
      }
    }
    throw cannotEvaluate(`the condition expression ${describe(value)}`, where);
  }

  private intrinsic(fn: string, args: unknown, where: string): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(this.resolveString(args, where, 'Ref'), where);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(args) ? args : String(args).split(/\.(.*)/s);
        const id = this.resolveString(logicalId, where, 'Fn::GetAtt');
        const name = this.resolveString(attribute, where, 'Fn::GetAtt');
        return this.getAtt(id, name, where);
      }
      case 'Fn::Sub':
        return this.sub(args, where);
      case 'Fn::Join': {
        const [delimiter, items] = this.args(fn, args, 2, where);
        const list = this.resolve(items, where);
        if (!Array.isArray(list)) throw cannotEvaluate(`Fn::Join of ${describe(list)}`, where);
        return list
          .map((item) => stringify(item, () => cannotEvaluate(`Fn::Join of ${describe(item)}`, where)))
          .join(String(this.resolve(delimiter, where)));
      }
      case 'Fn::Select': {
        const [index, items] = this.args(fn, args, 2, where);
        const list = this.resolve(items, where);
        const position = Number(this.resolve(index, where));
        if (!Array.isArray(list) || !Number.isInteger(position) || position < 0 || position >= list.length) {
          throw cannotEvaluate(`Fn::Select ${position} of ${describe(list)}`, where);
        }
        return list[position];
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.args(fn, args, 2, where);
        return this.resolveString(source, where, 'Fn::Split').split(this.resolveString(delimiter, where, 'Fn::Split'));
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = this.args(fn, args, 3, where);
        return this.resolve(this.condition(String(condition), where) ? whenTrue : whenFalse, where);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = this.args(fn, args, 3, where).map((item) =>
          this.resolveString(item, where, 'Fn::FindInMap'),
        );
        const found = this.options.template.Mappings?.[map!]?.[top!]?.[second!];
        if (found === undefined)
          throw cannotEvaluate(`Fn::FindInMap [${map}, ${top}, ${second}]`, where, 'no such entry');
        return this.resolve(found, where);
      }
      case 'Fn::GetAZs': {
        const region = this.resolveString(args, where, 'Fn::GetAZs') || this.options.pseudo['AWS::Region']!;
        return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
      }
      case 'Fn::Base64':
        return Buffer.from(this.resolveString(args, where, 'Fn::Base64'), 'utf8').toString('base64');
      default:
        throw cannotEvaluate(fn, where);
    }
  }

  private ref(name: string, where: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) {
      const pseudo = this.options.pseudo[name];
      if (pseudo === undefined) throw cannotEvaluate(`the pseudo parameter ${name}`, where);
      return pseudo;
    }
    if (name in this.options.parameters) return this.options.parameters[name];
    if (name in this.options.template.Resources) return this.options.physical(name, where).ref;
    throw cannotEvaluate(`Ref ${name}`, where, 'no such parameter or resource');
  }

  private getAtt(logicalId: string, attribute: string, where: string): string {
    if (!(logicalId in this.options.template.Resources)) {
      throw cannotEvaluate(`Fn::GetAtt ${logicalId}.${attribute}`, where, 'no such resource');
    }
    const value = this.options.physical(logicalId, where).attributes[attribute];
    if (value === undefined) {
      const type = this.options.template.Resources[logicalId]!.Type;
      throw cannotEvaluate(
        `Fn::GetAtt ${logicalId}.${attribute}`,
        where,
        `attribute ${attribute} of ${type} is not modelled`,
      );
    }
    return value;
  }

  /** `${Name}`, `${Resource.Attribute}`, `${AWS::Region}`; `${!Literal}` stays as `${Literal}` (IAM policy variables). */
  private sub(args: unknown, where: string): string {
    const [template, variables] = Array.isArray(args) ? this.args('Fn::Sub', args, 2, where) : [args, {}];
    if (typeof template !== 'string') throw cannotEvaluate(`Fn::Sub of ${describe(template)}`, where);
    const locals = (this.resolve(variables, where) ?? {}) as Record<string, unknown>;
    return template.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      if (name in locals) return stringify(locals[name], () => cannotEvaluate(`Fn::Sub variable ${name}`, where));
      if (name.startsWith('AWS::') || name in this.options.parameters || name in this.options.template.Resources) {
        const value = this.ref(name, where);
        return stringify(value, () => cannotEvaluate(`Fn::Sub variable ${name} (a list)`, where));
      }
      const dot = name.indexOf('.');
      if (dot > 0 && name.slice(0, dot) in this.options.template.Resources) {
        return this.getAtt(name.slice(0, dot), name.slice(dot + 1), where);
      }
      throw cannotEvaluate(
        `Fn::Sub variable \${${name}}`,
        where,
        'no such parameter, resource or attribute (escape IAM policy variables as ${!...})',
      );
    });
  }

  private args(fn: string, args: unknown, count: number, where: string): unknown[] {
    if (!Array.isArray(args) || args.length !== count) {
      throw cannotEvaluate(`${fn} with arguments ${describe(args)}`, where, `expected a list of ${count}`);
    }
    return args;
  }

  private list(fn: string, args: unknown, where: string): unknown[] {
    if (!Array.isArray(args)) throw cannotEvaluate(`${fn} with arguments ${describe(args)}`, where);
    return args;
  }
}

function stringify(value: unknown, fail?: () => Error): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (fail) throw fail();
  return JSON.stringify(value);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
