import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSessionStore, s3vaultHome } from '../../../src/cli/session-file';
import { storedSession } from './stored-session';

const temp = () => mkdtempSync(path.join(tmpdir(), 's3vault-session-file-'));

const session = storedSession({ refreshToken: 'refresh-token' });

describe('s3vaultHome', () => {
  it('prefers $S3VAULT_HOME, then the platform config folder', () => {
    expect(s3vaultHome({ S3VAULT_HOME: '/x/s3v' }, 'linux', '/home/a')).toBe('/x/s3v');
    expect(s3vaultHome({}, 'linux', '/home/a')).toBe('/home/a/.config/s3vault');
    expect(s3vaultHome({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/a')).toBe('/cfg/s3vault');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(s3vaultHome({ XDG_CONFIG_HOME: 'rel' }, 'linux', '/home/a')).toBe('/home/a/.config/s3vault');
    expect(s3vaultHome({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/s3vault');
    expect(s3vaultHome({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\s3vault',
    );
  });
});

describe.skipIf(process.platform === 'win32')('FileSessionStore', () => {
  it('has nothing before a save, round-trips a session, and forgets it', async () => {
    const store = new FileSessionStore(path.join(temp(), 'nested', 's3vault'));
    expect(await store.load()).toBeNull();
    await store.save(session);
    expect(await store.load()).toEqual(session);
    await store.clear();
    expect(await store.load()).toBeNull();
    await store.clear();
  });

  it('writes the file 0600 in a 0700 folder, atomically (no temporary file left)', async () => {
    const home = path.join(temp(), 's3vault');
    const store = new FileSessionStore(home);
    await store.save(session);
    await store.save({ ...session, refreshToken: 'rotated' });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(readdirSync(home)).toEqual(['session.json']);
    expect((await store.load())?.refreshToken).toBe('rotated');
  });

  it('tightens an existing folder of its own that others could enter', async () => {
    const home = path.join(temp(), 's3vault');
    mkdirSync(home, { mode: 0o755 });
    chmodSync(home, 0o755);
    await new FileSessionStore(home).save(session);
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });

  it('refuses a file that others can read, unless asked to read it for a sign-out', async () => {
    const store = new FileSessionStore(temp());
    await store.save(session);
    chmodSync(store.file, 0o644);
    await expect(store.load()).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: expect.stringMatching(/^refusing to read .*session\.json: other users can read it \(mode 0644\)/),
    });
    chmodSync(store.file, 0o640);
    await expect(store.load()).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(await store.load({ evenIfExposed: true })).toEqual(session);
  });

  it('refuses a symbolic link in place of the file', async () => {
    const dir = temp();
    const target = path.join(dir, 'elsewhere.json');
    writeFileSync(target, JSON.stringify(session), { mode: 0o600 });
    symlinkSync(target, path.join(dir, 'session.json'));
    await expect(new FileSessionStore(dir).load()).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: expect.stringContaining('symbolic link'),
    });
  });

  it('says a damaged or foreign file is damaged', async () => {
    const dir = temp();
    const store = new FileSessionStore(dir);
    writeFileSync(store.file, '{not json', { mode: 0o600 });
    await expect(store.load()).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('damaged'),
    });
    writeFileSync(store.file, JSON.stringify({ ...session, version: 2 }), { mode: 0o600 });
    await expect(store.load()).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
