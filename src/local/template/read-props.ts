import type { PolicyDocument } from '../core/policy-types';
import { cannotEvaluate } from './errors';

/** One resource after every intrinsic in its Properties was resolved. */
export interface ResolvedResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
}

/**
 * Typed reads of resolved CloudFormation properties. CloudFormation accepts
 * "true"/"12" strings where booleans and numbers are expected, so these do too;
 * anything else throws naming the property and the resource.
 */
export class Props {
  constructor(
    readonly resource: ResolvedResource,
    private readonly container: Record<string, unknown> = resource.properties,
    private readonly path = '',
  ) {}

  private get where(): string {
    return `${this.resource.logicalId} (${this.resource.type})`;
  }

  private raw(name: string): unknown {
    return this.container[name];
  }

  private label(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  /** The property names present (to refuse fields the model cannot carry). */
  keys(): string[] {
    return Object.keys(this.container);
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  string(name: string): string | undefined;
  string(name: string, fallback: string): string;
  string(name: string, fallback?: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    throw cannotEvaluate(`property ${this.label(name)} = ${JSON.stringify(value)}`, this.where, 'expected a string');
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw cannotEvaluate(`a missing ${this.label(name)}`, this.where);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    return toBoolean(this.raw(name), fallback, () =>
      cannotEvaluate(`property ${this.label(name)}`, this.where, 'expected true or false'),
    );
  }

  number(name: string, fallback: number): number;
  number(name: string): number | undefined;
  number(name: string, fallback?: number): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(parsed))
      throw cannotEvaluate(`property ${this.label(name)} = ${JSON.stringify(value)}`, this.where, 'expected a number');
    return parsed;
  }

  strings(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw cannotEvaluate(`property ${this.label(name)}`, this.where, 'expected a list of strings');
    }
    return value as string[];
  }

  list(name: string): Record<string, unknown>[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw cannotEvaluate(`property ${this.label(name)}`, this.where, 'expected a list');
    return value as Record<string, unknown>[];
  }

  object(name: string): Record<string, unknown> | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw cannotEvaluate(`property ${this.label(name)}`, this.where, 'expected an object');
    }
    return value as Record<string, unknown>;
  }

  /** Reads a nested object (a property, or an item of a list property) with the same typed accessors. */
  nested(name: string, value: Record<string, unknown> | undefined = this.object(name)): Props {
    return new Props(this.resource, value ?? {}, this.label(name));
  }

  /** A policy document; CloudFormation also accepts it as a JSON string. */
  policy(name: string): PolicyDocument | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return toPolicy(value, () =>
      cannotEvaluate(`property ${this.label(name)}`, this.where, 'expected a policy document'),
    );
  }

  /** Refuses a property whose effect the local backend does not model. */
  refuse(name: string, why: string, allowed?: (value: unknown) => boolean): void {
    const value = this.raw(name);
    if (value === undefined || allowed?.(value)) return;
    throw cannotEvaluate(`property ${this.label(name)} = ${JSON.stringify(value)}`, this.where, why);
  }
}

function toBoolean(value: unknown, fallback: boolean, fail: () => Error): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 'true' || value === 'True') return true;
  if (value === false || value === 'false' || value === 'False') return false;
  throw fail();
}

function toPolicy(value: unknown, fail: () => Error): PolicyDocument {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw fail();
    }
  }
  if (!parsed || typeof parsed !== 'object' || !('Statement' in parsed)) throw fail();
  return parsed as PolicyDocument;
}
