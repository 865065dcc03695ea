import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  app: { isPackaged: false },
  dialog: { showMessageBox: vi.fn() },
}));
vi.mock('electron', () => electron);

const updater = vi.hoisted(() => ({ instance: undefined as unknown }));
vi.mock('electron-updater', () => ({
  get autoUpdater() {
    return updater.instance;
  },
}));

import {
  CHECK_INTERVAL_MS,
  askWithDialog,
  decideAutoUpdate,
  pickAutoUpdater,
  runUpdater,
  startAutoUpdate,
  type UpdateEnvironment,
  type Updater,
} from '../../../src/main/app/auto-update';

const packaged = (overrides: Partial<UpdateEnvironment> = {}): UpdateEnvironment => ({
  isPackaged: true,
  env: {},
  resourcesPath: '/opt/S3 Vault/resources',
  fileExists: () => false,
  ...overrides,
});

class FakeUpdater extends EventEmitter implements Updater {
  logger: unknown = null;
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: unknown[] = [];
  checks = 0;
  installs = 0;
  checkResult: () => Promise<unknown> = () => Promise.resolve(null);
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feeds.push(options);
  }
  checkForUpdates() {
    this.checks += 1;
    return this.checkResult();
  }
  quitAndInstall() {
    this.installs += 1;
  }
}

const quietLog = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('decideAutoUpdate', () => {
  it('is off in development, whatever the environment says', () => {
    const decision = decideAutoUpdate(
      packaged({
        isPackaged: false,
        env: { S3VAULT_UPDATE_URL: 'https://updates.example.com/' },
        fileExists: () => true,
      }),
    );
    expect(decision).toEqual({ enabled: false, reason: expect.stringContaining('development') });
  });

  it('is on in a packaged build with the app-update.yml electron-builder wrote from `publish`', () => {
    const seen: string[] = [];
    const decision = decideAutoUpdate(packaged({ fileExists: (file) => (seen.push(file), true) }));
    expect(decision).toEqual({
      enabled: true,
      feed: { kind: 'packaged', configFile: expect.stringMatching(/resources[\\/]app-update\.yml$/) },
    });
    expect(seen).toHaveLength(1);
  });

  it('prefers S3VAULT_UPDATE_URL, a generic HTTPS feed', () => {
    const decision = decideAutoUpdate(
      packaged({
        env: { S3VAULT_UPDATE_URL: ' https://bucket.s3.eu-west-1.amazonaws.com/releases ' },
        fileExists: () => true,
      }),
    );
    expect(decision).toEqual({
      enabled: true,
      feed: { kind: 'url', url: 'https://bucket.s3.eu-west-1.amazonaws.com/releases' },
    });
  });

  it('refuses a feed that is not HTTPS or not a URL', () => {
    expect(decideAutoUpdate(packaged({ env: { S3VAULT_UPDATE_URL: 'http://updates.example.com/' } }))).toEqual({
      enabled: false,
      reason: expect.stringContaining('https://'),
    });
    expect(decideAutoUpdate(packaged({ env: { S3VAULT_UPDATE_URL: 'not a url' } }))).toMatchObject({ enabled: false });
  });

  it('is off without a feed, and when S3VAULT_DISABLE_UPDATES is set', () => {
    expect(decideAutoUpdate(packaged())).toEqual({ enabled: false, reason: expect.stringContaining('no update feed') });
    expect(decideAutoUpdate(packaged({ resourcesPath: undefined }))).toMatchObject({ enabled: false });
    for (const value of ['1', 'true', 'YES']) {
      expect(
        decideAutoUpdate(packaged({ env: { S3VAULT_DISABLE_UPDATES: value }, fileExists: () => true })),
      ).toMatchObject({ enabled: false, reason: expect.stringContaining('S3VAULT_DISABLE_UPDATES') });
    }
    expect(decideAutoUpdate(packaged({ env: { S3VAULT_DISABLE_UPDATES: '0' }, fileExists: () => true }))).toMatchObject(
      { enabled: true },
    );
  });
});

describe('runUpdater', () => {
  it('downloads in the background, checks now and every six hours, and sets a URL feed', () => {
    const fake = new FakeUpdater();
    const schedule = vi.fn();
    runUpdater(fake, { kind: 'url', url: 'https://updates.example.com/' }, { log: quietLog(), schedule });
    expect(fake.autoDownload).toBe(true);
    expect(fake.autoInstallOnAppQuit).toBe(true);
    expect(fake.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/' }]);
    expect(fake.checks).toBe(1);
    expect(schedule).toHaveBeenCalledWith(expect.any(Function), CHECK_INTERVAL_MS);
    schedule.mock.calls[0]![0]();
    expect(fake.checks).toBe(2);
  });

  it('leaves the feed to app-update.yml for a packaged feed', () => {
    const fake = new FakeUpdater();
    runUpdater(fake, { kind: 'packaged', configFile: '/r/app-update.yml' }, { log: quietLog(), schedule: vi.fn() });
    expect(fake.feeds).toEqual([]);
  });

  it('asks before restarting, once per version, and restarts only on yes', async () => {
    const fake = new FakeUpdater();
    const ask = vi.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const log = quietLog();
    runUpdater(fake, { kind: 'packaged', configFile: 'x' }, { ask, log, schedule: vi.fn() });

    fake.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    expect(ask).toHaveBeenCalledWith('0.2.0');
    expect(fake.installs).toBe(0);
    expect(log.info).toHaveBeenCalledWith(expect.stringContaining('when the app quits'));

    fake.emit('update-downloaded', { version: '0.2.0' });
    await flush();
    expect(ask).toHaveBeenCalledTimes(1);

    fake.emit('update-downloaded', { version: '0.3.0' });
    await flush();
    expect(fake.installs).toBe(1);
  });

  it('logs errors instead of throwing: updater errors, failed checks, a check that throws, a failing dialog', async () => {
    const fake = new FakeUpdater();
    fake.checkResult = () => Promise.reject(new Error('net::ERR_NAME_NOT_RESOLVED'));
    const log = quietLog();
    const ask = vi.fn().mockRejectedValue(new Error('no window'));
    const schedule = vi.fn();
    expect(() => runUpdater(fake, { kind: 'packaged', configFile: 'x' }, { ask, log, schedule })).not.toThrow();
    fake.emit('error', new Error('sha512 checksum mismatch'));
    fake.emit('update-downloaded', { version: '1.0.0' });
    fake.checkForUpdates = () => {
      throw new Error('sync failure');
    };
    expect(() => schedule.mock.calls[0]![0]()).not.toThrow();
    await flush();
    const messages = log.error.mock.calls.map(([message]) => message as string);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('ERR_NAME_NOT_RESOLVED'),
        expect.stringContaining('checksum mismatch'),
        expect.stringContaining('no window'),
        expect.stringContaining('sync failure'),
      ]),
    );
  });
});

describe('pickAutoUpdater', () => {
  it('finds autoUpdater by name (bundled) or on default (CommonJS through import() under Electron)', () => {
    const fake = new FakeUpdater();
    expect(pickAutoUpdater({ autoUpdater: fake })).toBe(fake);
    expect(pickAutoUpdater({ default: { autoUpdater: fake } })).toBe(fake);
    expect(() => pickAutoUpdater({ default: {} })).toThrow(/no autoUpdater/);
  });

  it('matches what the installed electron-updater really exports', async () => {
    const real = await vi.importActual<Record<string, unknown>>('electron-updater');
    const holder = (real.default ?? real) as object;
    expect(Object.getOwnPropertyDescriptor(holder, 'autoUpdater')?.get).toBeTypeOf('function');
  });
});

describe('askWithDialog', () => {
  it('asks with Restart now / Later, Later being the cancel answer', async () => {
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 }).mockResolvedValueOnce({ response: 1 });
    await expect(askWithDialog('0.2.0')).resolves.toBe(true);
    await expect(askWithDialog('0.2.0')).resolves.toBe(false);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({ buttons: ['Restart now', 'Later'], defaultId: 0, cancelId: 1 }),
    );
    expect(electron.dialog.showMessageBox.mock.calls[0]![0].message).toContain('0.2.0');
  });
});

describe('startAutoUpdate', () => {
  beforeEach(() => {
    delete process.env.S3VAULT_UPDATE_URL;
    delete process.env.S3VAULT_DISABLE_UPDATES;
    updater.instance = undefined;
  });

  it('does nothing in development and never loads electron-updater', async () => {
    electron.app.isPackaged = false;
    const log = quietLog();
    updater.instance = new Proxy({}, { get: () => expect.fail('electron-updater was used in development') });
    await startAutoUpdate(log);
    expect(log.info).toHaveBeenCalledWith(expect.stringContaining('off: development'));
    expect(log.error).not.toHaveBeenCalled();
  });

  it('starts electron-updater in a packaged build with a feed', async () => {
    electron.app.isPackaged = true;
    process.env.S3VAULT_UPDATE_URL = 'https://updates.example.com/s3vault/';
    const fake = new FakeUpdater();
    updater.instance = fake;
    const log = quietLog();
    await startAutoUpdate(log);
    expect(fake.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/s3vault/' }]);
    expect(fake.checks).toBe(1);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('logs, not throws, when electron-updater cannot start', async () => {
    electron.app.isPackaged = true;
    process.env.S3VAULT_UPDATE_URL = 'https://updates.example.com/';
    updater.instance = {
      set logger(_value: unknown) {
        throw new Error('app-update.yml is unreadable');
      },
    };
    const log = quietLog();
    await expect(startAutoUpdate(log)).resolves.toBeUndefined();
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('app-update.yml is unreadable'));
  });
});
