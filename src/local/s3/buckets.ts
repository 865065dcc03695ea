/**
 * The buckets and their settings. The template's buckets exist from the start
 * with the template's settings; changes made through the API (PutBucketVersioning,
 * PutBucketPolicy, …) persist across restarts, until the template itself changes
 * a setting, which then wins, as a CloudFormation update would.
 */
import path from 'node:path';
import { JsonState } from '../core/json-state';
import type { BucketModel, VaultModel } from '../core/model';
import type { BucketRecord } from './types';

interface PersistedBucket {
  createdAt: number;
  fromModel: boolean;
  /** The template's settings when last seen, to notice template changes. */
  declared: string | null;
  config: BucketModel;
}

export class BucketRegistry {
  private readonly state: JsonState<{ buckets: Record<string, PersistedBucket> }>;

  constructor(root: string, model: VaultModel, now: () => Date) {
    this.state = new JsonState(path.join(root), 'buckets', () => ({ buckets: {} }));
    const buckets = this.state.value.buckets;
    for (const declared of [model.bucket, model.logBucket]) {
      if (!declared) continue;
      const snapshot = JSON.stringify(declared);
      const existing = buckets[declared.name];
      if (!existing) {
        buckets[declared.name] = {
          createdAt: now().getTime(),
          fromModel: true,
          declared: snapshot,
          config: structuredClone(declared),
        };
      } else if (existing.declared !== snapshot) {
        existing.config = structuredClone(declared);
        existing.declared = snapshot;
        existing.fromModel = true;
      }
    }
    this.state.save();
  }

  get(name: string): BucketRecord | undefined {
    const b = this.state.value.buckets[name];
    return b ? { name, createdAt: b.createdAt, fromModel: b.fromModel, config: b.config } : undefined;
  }

  list(): BucketRecord[] {
    return Object.keys(this.state.value.buckets)
      .sort()
      .map((name) => this.get(name)!);
  }

  /** Changes a bucket's settings and persists them. */
  update(name: string, change: (config: BucketModel) => void): void {
    const b = this.state.value.buckets[name];
    if (!b) throw new Error(`no bucket ${name}`);
    change(b.config);
    this.state.save();
  }

  create(config: BucketModel, now: Date): void {
    this.state.value.buckets[config.name] = { createdAt: now.getTime(), fromModel: false, declared: null, config };
    this.state.save();
  }

  delete(name: string): void {
    delete this.state.value.buckets[name];
    this.state.save();
  }
}
