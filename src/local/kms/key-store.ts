import { randomBytes, randomUUID } from 'node:crypto';
import { JsonState } from '../core/json-state';
import type { VaultModel } from '../core/model';
import { ownValue } from '../core/own';
import type { PolicyDocument } from '../core/policy-types';
import { aliasNotFound, keyNotFound } from './kms-errors';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

/** What the local KMS knows about one key (its material is kept apart, see KeyStore). */
export interface KmsKey {
  keyId: string;
  arn: string;
  description: string;
  /** Epoch milliseconds. */
  createdAt: number;
  state: KeyState;
  rotationEnabled: boolean;
  rotationPeriodInDays: number;
  policy: PolicyDocument;
  /**
   * True while the policy is the template's: it is then refreshed from the
   * template at every start, so a policy fix in infra/ takes effect locally.
   * PutKeyPolicy makes it the caller's own and stops the refresh.
   */
  policyFromTemplate: boolean;
  /** Epoch milliseconds, while PendingDeletion. */
  deletionDate?: number;
  pendingWindowInDays?: number;
}

interface KeysFile {
  version: 1;
  keys: Record<string, KmsKey>;
  /** alias name (with the alias/ prefix) → key id */
  aliases: Record<string, string>;
}

interface MaterialFile {
  version: 1;
  /** key id → AES-256 key, base64 */
  material: Record<string, string>;
}

export interface KeyStoreOptions {
  model: VaultModel;
  dataDir: string;
  now: () => number;
}

/** A key policy like the one KMS attaches when CreateKey gets none: the account, through IAM. */
export function defaultKeyPolicy(accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

/**
 * The local KMS's keys, persisted in the data folder. Metadata and key
 * material are two files (both 0600): the material file is the secret one,
 * and metadata can be inspected without touching it.
 */
export class KeyStore {
  private readonly keys: JsonState<KeysFile>;
  private readonly material: JsonState<MaterialFile>;
  readonly accountId: string;
  readonly region: string;
  private readonly now: () => number;

  constructor(options: KeyStoreOptions) {
    const { model, dataDir } = options;
    this.accountId = model.accountId;
    this.region = model.region;
    this.now = options.now;
    this.keys = new JsonState<KeysFile>(dataDir, 'kms-keys', () => ({ version: 1, keys: {}, aliases: {} }));
    this.material = new JsonState<MaterialFile>(dataDir, 'kms-key-material', () => ({ version: 1, material: {} }));
    this.seed(model);
  }

  /** The template's key exists from the first start, with the template's policy. */
  private seed(model: VaultModel): void {
    const declared = model.key;
    const existing = this.keys.value.keys[declared.keyId];
    if (!existing) {
      this.insert({
        keyId: declared.keyId,
        arn: declared.arn,
        description: declared.description,
        createdAt: this.now(),
        state: 'Enabled',
        rotationEnabled: declared.rotationEnabled,
        rotationPeriodInDays: 365,
        policy: declared.policy,
        policyFromTemplate: true,
      });
    } else if (existing.policyFromTemplate) {
      existing.policy = declared.policy;
      this.keys.save();
    }
  }

  private insert(key: KmsKey): void {
    this.material.value.material[key.keyId] = randomBytes(32).toString('base64');
    this.material.save();
    this.keys.value.keys[key.keyId] = key;
    this.keys.save();
  }

  arnOf(keyId: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`;
  }

  aliasArn(aliasName: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${aliasName}`;
  }

  create(input: { description: string; policy: PolicyDocument | null }): KmsKey {
    const keyId = randomUUID();
    const key: KmsKey = {
      keyId,
      arn: this.arnOf(keyId),
      description: input.description,
      createdAt: this.now(),
      state: 'Enabled',
      // KMS creates customer keys with rotation off.
      rotationEnabled: false,
      rotationPeriodInDays: 365,
      policy: input.policy ?? defaultKeyPolicy(this.accountId),
      policyFromTemplate: false,
    };
    this.insert(key);
    return key;
  }

  /**
   * Finds a key by any name KMS accepts: key id, key ARN, alias name or alias ARN.
   * A key whose deletion date has passed is deleted here, lazily.
   */
  resolve(reference: string): KmsKey {
    const arnPrefix = `arn:aws:kms:${this.region}:${this.accountId}:`;
    const local = reference.startsWith(arnPrefix) ? reference.slice(arnPrefix.length) : reference;
    if (reference.startsWith('arn:') && local === reference) throw keyNotFound(reference);
    let keyId: string;
    if (local.startsWith('alias/')) {
      const target = ownValue(this.keys.value.aliases, local);
      if (!target) throw aliasNotFound(this.aliasArn(local));
      keyId = target;
    } else {
      keyId = local.startsWith('key/') ? local.slice('key/'.length) : local;
    }
    const key = this.find(keyId);
    if (!key) throw keyNotFound(reference.startsWith('arn:') ? reference : this.arnOf(keyId));
    return key;
  }

  /** The key with this exact id, or undefined (used for ids read from ciphertext blobs). */
  find(keyId: string): KmsKey | undefined {
    const key = ownValue(this.keys.value.keys, keyId);
    if (key?.state === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= this.now()) {
      this.delete(keyId);
      return undefined;
    }
    return key;
  }

  private delete(keyId: string): void {
    delete this.keys.value.keys[keyId];
    for (const [alias, target] of Object.entries(this.keys.value.aliases)) {
      if (target === keyId) delete this.keys.value.aliases[alias];
    }
    delete this.material.value.material[keyId];
    this.material.save();
    this.keys.save();
  }

  materialOf(key: KmsKey): Buffer {
    const encoded = ownValue(this.material.value.material, key.keyId);
    if (!encoded) throw new Error(`key material for ${key.keyId} is missing from the local vault's data folder`);
    return Buffer.from(encoded, 'base64');
  }

  list(): KmsKey[] {
    return Object.keys(this.keys.value.keys)
      .map((keyId) => this.find(keyId))
      .filter((key): key is KmsKey => key !== undefined);
  }

  aliases(): Array<{ aliasName: string; keyId: string }> {
    return Object.entries(this.keys.value.aliases).map(([aliasName, keyId]) => ({ aliasName, keyId }));
  }

  setAlias(aliasName: string, keyId: string): void {
    this.keys.value.aliases[aliasName] = keyId;
    this.keys.save();
  }

  hasAlias(aliasName: string): boolean {
    return ownValue(this.keys.value.aliases, aliasName) !== undefined;
  }

  /** Applies a change to a key's metadata and persists it. */
  update(key: KmsKey, change: (key: KmsKey) => void): void {
    change(key);
    this.keys.save();
  }
}
