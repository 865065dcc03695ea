/**
 * `status.check` through the app controller: the seven probes for the
 * signed-in person, with the Transfers probe fed by the app's transfer queue.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppController } from '../../../src/main/controller/app-controller';
import type { AppHost } from '../../../src/main/controller/host';
import { createMemorySessionStore } from '../../../src/main/controller/memory-session-store';
import { VaultError } from '../../../src/main/vault/errors';
import { ALICE, tempFolder } from '../engine/engine-support';

const dataDir = tempFolder('controller-status');
const host: AppHost = {
  dataDir,
  emit: () => {},
  sessionStore: createMemorySessionStore(),
  dialogs: { saveAs: async () => null },
  log: { info: () => {}, warn: () => {}, error: () => {} },
};
const controller = new AppController(host);

afterAll(async () => {
  await controller.close();
});

describe('status.check in the app', () => {
  it('needs a signed-in person, then reports every probe and counts the transfers of this session', async () => {
    await expect(controller.status()).rejects.toBeInstanceOf(VaultError);
    await controller.tryLocal(ALICE.username, ALICE.password);
    const file = path.join(dataDir, 'hello.txt');
    writeFileSync(file, 'hello, status');
    await controller.upload([file], '');
    for (let i = 0; i < 400 && controller.listTransfers().some((t) => t.state !== 'done'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const probes = await controller.status();
    expect(probes.map((probe) => probe.id)).toEqual([
      'bucket',
      'user-pool',
      'key',
      'credentials',
      'share-links',
      'storage',
      'transfers',
    ]);
    const transfers = probes.find((probe) => probe.id === 'transfers')!;
    expect(transfers).toMatchObject({ state: 'ok', details: { done: 1, failed: 0, bytes: 13 } });
    expect(probes.find((probe) => probe.id === 'storage')?.details?.files).toBe(1);
  });
});
