import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyStore } from '../../../../src/local/kms/key-store';
import { KEY_ARN, KEY_ID, vaultModel } from '../../../support/local-identity/vault-model';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 's3vault-kms-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('KMS key store', () => {
  it('has the template key from the start, with its policy and rotation', () => {
    const store = new KeyStore({ model: vaultModel(), dataDir: dataDir(), now: Date.now });
    const key = store.resolve(KEY_ID);
    expect(key.arn).toBe(KEY_ARN);
    expect(key.state).toBe('Enabled');
    expect(key.rotationEnabled).toBe(true);
    expect(key.policy).toEqual(vaultModel().key.policy);
    expect(store.resolve(KEY_ARN)).toBe(key);
    expect(store.materialOf(key)).toHaveLength(32);
  });

  it('keeps key material and state across restarts, in owner-only files', () => {
    const dir = dataDir();
    const first = new KeyStore({ model: vaultModel(), dataDir: dir, now: Date.now });
    const material = first.materialOf(first.resolve(KEY_ID));
    const created = first.create({ description: 'second', policy: null });
    first.setAlias('alias/second', created.keyId);
    first.update(first.resolve(KEY_ID), (key) => (key.state = 'Disabled'));

    const second = new KeyStore({ model: vaultModel(), dataDir: dir, now: Date.now });
    expect(second.materialOf(second.resolve(KEY_ID))).toEqual(material);
    expect(second.resolve(KEY_ID).state).toBe('Disabled');
    expect(second.resolve('alias/second').keyId).toBe(created.keyId);
    for (const file of ['kms-keys.json', 'kms-key-material.json']) {
      expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(path.join(dir, 'kms-keys.json'), 'utf8')).not.toContain(material.toString('base64'));
  });

  it('takes a changed template policy at start unless PutKeyPolicy replaced it', () => {
    const dir = dataDir();
    new KeyStore({ model: vaultModel(), dataDir: dir, now: Date.now });
    const changed = vaultModel();
    changed.key.policy = { Version: '2012-10-17', Statement: [] };
    expect(new KeyStore({ model: changed, dataDir: dir, now: Date.now }).resolve(KEY_ID).policy).toEqual(
      changed.key.policy,
    );

    const store = new KeyStore({ model: changed, dataDir: dir, now: Date.now });
    const own = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'kms:*', Resource: '*' }] };
    store.update(store.resolve(KEY_ID), (key) => {
      key.policy = own;
      key.policyFromTemplate = false;
    });
    expect(new KeyStore({ model: vaultModel(), dataDir: dir, now: Date.now }).resolve(KEY_ID).policy).toEqual(own);
  });

  it('answers NotFoundException for unknown keys, aliases and other accounts', () => {
    const store = new KeyStore({ model: vaultModel(), dataDir: dataDir(), now: Date.now });
    expect(() => store.resolve('00000000-0000-0000-0000-000000000000')).toThrow(
      expect.objectContaining({ type: 'NotFoundException' }),
    );
    expect(() => store.resolve('alias/nope')).toThrow(expect.objectContaining({ type: 'NotFoundException' }));
    for (const name of ['constructor', '__proto__', 'alias/constructor']) {
      expect(() => store.resolve(name)).toThrow(expect.objectContaining({ type: 'NotFoundException' }));
    }
    expect(store.find('toString')).toBeUndefined();
    expect(() => store.resolve(KEY_ARN.replace('123456789012', '999999999999'))).toThrow(
      expect.objectContaining({ type: 'NotFoundException' }),
    );
  });

  it('deletes a key once its deletion date has passed', () => {
    let now = Date.now();
    const store = new KeyStore({ model: vaultModel(), dataDir: dataDir(), now: () => now });
    const key = store.create({ description: 'doomed', policy: null });
    store.update(key, (k) => {
      k.state = 'PendingDeletion';
      k.deletionDate = now + 7 * 86_400_000;
    });
    expect(store.find(key.keyId)?.state).toBe('PendingDeletion');
    now += 7 * 86_400_000;
    expect(store.find(key.keyId)).toBeUndefined();
  });
});
