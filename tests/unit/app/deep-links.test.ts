import { describe, expect, it, vi } from 'vitest';
import type { App } from 'electron';
import { LinkInbox, linkFromArgv, registerDeepLinks, validateAppLink } from '../../../src/main/app/deep-links';

vi.mock('electron', () => ({}));

const openLink = 's3vault://open?url=https%3A%2F%2Fbucket.s3.eu-west-1.amazonaws.com%2Fprivate%2Fx&name=a.txt';
const connectLink = 's3vault://connect?region=eu-west-1&vaultId=v';

describe('app links', () => {
  it('accepts s3vault://open and s3vault://connect links', () => {
    expect(validateAppLink(openLink)).toBe(openLink);
    expect(validateAppLink(` ${connectLink}\n`)).toBe(connectLink);
    expect(validateAppLink('S3VAULT://open?url=x')).toBe('S3VAULT://open?url=x');
  });

  it.each([
    ['another scheme', 'https://evil.example/?s3vault://open'],
    ['another host', 's3vault://settings?x=1'],
    ['a file link', 'file:///etc/passwd'],
    ['credentials in it', 's3vault://user:pw@open?url=x'],
    ['a port', 's3vault://open:80?url=x'],
    ['something too long', `s3vault://open?url=${'a'.repeat(9000)}`],
    ['not a URL', 's3vault:'],
    ['not a string', 42],
  ])('refuses %s', (_name, link) => {
    expect(validateAppLink(link)).toBeNull();
  });

  it('finds the link among a launch’s arguments', () => {
    expect(linkFromArgv(['/opt/S3 Vault/s3-vault', '--no-sandbox', openLink])).toBe(openLink);
    expect(linkFromArgv(['/opt/S3 Vault/s3-vault', '--flag'])).toBeNull();
    expect(linkFromArgv(['electron', 's3vault://evil-host?x'])).toBeNull();
  });

  it('holds links until the window can hear them, then delivers each as it comes', () => {
    const log = vi.fn();
    const inbox = new LinkInbox(log);
    inbox.receive(openLink);
    inbox.receive('https://evil.example/');
    const delivered: string[] = [];
    inbox.open((link) => delivered.push(link));
    inbox.receive(connectLink);
    expect(delivered).toEqual([openLink, connectLink]);
    expect(log).toHaveBeenCalledTimes(1);
  });
});

describe('single instance and the s3vault scheme', () => {
  function fakeApp(lock: boolean) {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const app = {
      requestSingleInstanceLock: vi.fn(() => lock),
      setAsDefaultProtocolClient: vi.fn(() => true),
      on: vi.fn((name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener)),
    };
    return { app: app as unknown as App, raw: app, listeners };
  }

  it('a second launch quits at once: it registers nothing (its link goes to the first through the lock)', () => {
    const { app, raw } = fakeApp(false);
    expect(registerDeepLinks(app, { inbox: new LinkInbox(), focus: vi.fn(), argv: ['x', openLink] })).toBe(false);
    expect(raw.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    expect(raw.on).not.toHaveBeenCalled();
  });

  it('the first instance registers s3vault://, takes its own argv link, and a second launch’s link with focus', () => {
    const { app, raw, listeners } = fakeApp(true);
    const inbox = new LinkInbox();
    const focus = vi.fn();
    expect(registerDeepLinks(app, { inbox, focus, argv: ['s3-vault', openLink] })).toBe(true);
    expect(raw.setAsDefaultProtocolClient).toHaveBeenCalledWith('s3vault');
    const delivered: string[] = [];
    inbox.open((link) => delivered.push(link));
    listeners.get('second-instance')!({}, ['s3-vault', '--some-flag', connectLink], '/home/alice');
    expect(focus).toHaveBeenCalledTimes(1);
    const preventDefault = vi.fn();
    listeners.get('open-url')!({ preventDefault }, openLink);
    expect(preventDefault).toHaveBeenCalled();
    listeners.get('second-instance')!({}, ['s3-vault'], '/');
    expect(delivered).toEqual([openLink, connectLink, openLink]);
  });

  it('a development run registers electron with our script, so the OS can start it', () => {
    const { app, raw } = fakeApp(true);
    registerDeepLinks(app, {
      inbox: new LinkInbox(),
      focus: vi.fn(),
      defaultApp: true,
      execPath: '/repo/node_modules/electron/dist/electron',
      scriptPath: '/repo/dist/main/index.cjs',
    });
    expect(raw.setAsDefaultProtocolClient).toHaveBeenCalledWith(
      's3vault',
      '/repo/node_modules/electron/dist/electron',
      ['/repo/dist/main/index.cjs'],
    );
  });
});
