/**
 * `s3vault://` links from the operating system: a share link to open
 * (`s3vault://open?…`) or a vault to connect to (`s3vault://connect?…`).
 * They arrive as the first launch's argv (Windows, Linux), as a second
 * launch's argv handed to the running app ('second-instance'), or as macOS's
 * 'open-url'. A link comes from anywhere, so it is checked (scheme, host,
 * length) and then only forwarded to the UI as `links.received`: nothing
 * acts on it until the person confirms there.
 */
import type { App } from 'electron';

export const LINK_SCHEME = 's3vault';
/** A share link holds a pre-signed URL with a session token: a few KB. Anything far longer is not ours. */
export const MAX_LINK_LENGTH = 8192;
const HOSTS = new Set(['open', 'connect']);

/** The link if it is one the app handles, else null. */
export function validateAppLink(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_LINK_LENGTH) return null;
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== `${LINK_SCHEME}:` || !HOSTS.has(url.hostname)) return null;
  if (url.username || url.password || url.port) return null;
  return text;
}

/** The first app link among command-line arguments (how Windows and Linux hand a link to a new process). */
export function linkFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (arg.toLowerCase().startsWith(`${LINK_SCHEME}:`)) return validateAppLink(arg);
  }
  return null;
}

/**
 * Holds links until the window can hear them (a link may start the app),
 * then delivers each one as it comes.
 */
export class LinkInbox {
  private readonly waiting: string[] = [];
  private deliver: ((link: string) => void) | undefined;

  constructor(private readonly log: (message: string) => void = () => {}) {}

  /** Accepts a link from the OS; a link that is not one of ours is logged and dropped. */
  receive(raw: unknown): void {
    const link = validateAppLink(raw);
    if (!link) {
      this.log('ignored a link that is not an s3vault://open or s3vault://connect link');
      return;
    }
    if (this.deliver) this.deliver(link);
    else if (this.waiting.length < 16) this.waiting.push(link);
  }

  /** From now on links go to `deliver`; those that waited go first. */
  open(deliver: (link: string) => void): void {
    this.deliver = deliver;
    for (const link of this.waiting.splice(0)) deliver(link);
  }
}

export interface DeepLinkOptions {
  inbox: LinkInbox;
  /** Brings the window to the front (a second launch means the person wants the app). */
  focus(): void;
  argv?: readonly string[];
  /** process.defaultApp: a development run, where the OS must be told how to start electron with our script. */
  defaultApp?: boolean;
  execPath?: string;
  scriptPath?: string;
}

/**
 * Makes this process the one S3 Vault: false when another instance runs
 * (this one must quit: its link went to the other). Registers the scheme and
 * listens for links.
 */
export function registerDeepLinks(app: App, options: DeepLinkOptions): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  if (options.defaultApp && options.execPath && options.scriptPath) {
    app.setAsDefaultProtocolClient(LINK_SCHEME, options.execPath, [options.scriptPath]);
  } else {
    app.setAsDefaultProtocolClient(LINK_SCHEME);
  }
  app.on('second-instance', (_event, argv) => {
    options.focus();
    const link = linkFromArgv(argv);
    if (link) options.inbox.receive(link);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    options.inbox.receive(url);
  });
  const first = linkFromArgv(options.argv ?? []);
  if (first) options.inbox.receive(first);
  return true;
}
