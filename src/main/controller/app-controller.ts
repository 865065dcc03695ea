/**
 * The desktop app's main-side behaviour, behind the IPC contract: which vault
 * it is connected to, who is signed in, files, transfers and share links. It
 * delegates every operation to the engine and tells the UI of changes
 * through the host's `emit`. It imports no electron: Electron
 * (src/main/app), the browser bridge and the tests each give it a host.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type {
  CallOutput,
  FileEntry,
  LinkHistoryEntry,
  ProbeResult,
  ProfileSummary,
  ShareLink,
  SignInStep,
  Transfer,
} from '../../shared/contract';
import { VaultError } from '../vault/errors';
import type { VaultProfile } from '../vault/profile';
import { safeFileName } from '../vault/shares/app-link';
import { createFileLinkHistory } from '../vault/shares/link-history-file';
import { readLink } from '../vault/shares/open-share-link';
import { canonicalPath } from '../vault/vault';
import { fileEntryView, linkHistoryView, shareLinkView } from './contract-views';
import { consoleLogger, type AppHost, type HostLogger } from './host';
import { LocalVault, type StartBackend } from './local-vault';
import { parseProfileImport } from './profile-import';
import { createProfileStore, profileSummary, type ProfileStore, type StoredProfile } from './profile-store';
import { SessionKeeper, type SessionEngine } from './session-keeper';
import { shareLimits, type ShareLimits } from './share-limits';
import { downloadJob, openLinkJob, uploadJob, type WithVault } from './transfer-jobs';
import { TransferManager } from './transfer-manager';

export interface AppControllerOptions {
  /** Engine calls to replace (tests). */
  engine?: Partial<SessionEngine>;
  /** Starts the local backend (tests may wrap it). */
  startBackend?: StartBackend;
  /** Transfers running at once. */
  concurrency?: number;
  now?: () => number;
}

/** The most a profile file may weigh: a profile is well under 2 KiB. */
const MAX_PROFILE_FILE = 64 * 1024;
const BUSY = 'Transfers are still running: wait for them to finish or cancel them first.';

export class AppController {
  private readonly log: HostLogger;
  private readonly profiles: ProfileStore;
  private readonly local: LocalVault;
  private readonly keeper: SessionKeeper;
  private readonly transfers: TransferManager;
  private readonly history;
  private readonly now: () => number;
  private stored: StoredProfile | null = null;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly host: AppHost,
    options: AppControllerOptions = {},
  ) {
    this.log = host.log ?? consoleLogger;
    this.now = options.now ?? Date.now;
    this.profiles = createProfileStore(host.dataDir, (message) => this.log.warn(message));
    this.history = createFileLinkHistory(path.join(host.dataDir, 'link-history.json'));
    this.local = new LocalVault({
      dataDir: path.join(host.dataDir, 'local-vault'),
      start: options.startBackend,
      log: (line) => this.log.info(line),
    });
    this.keeper = new SessionKeeper({
      store: host.sessionStore,
      history: this.history,
      emit: host.emit,
      log: this.log,
      engine: options.engine,
      now: options.now,
    });
    this.transfers = new TransferManager({
      concurrency: options.concurrency,
      now: options.now,
      onChange: (transfer) => host.emit('transfers.changed', transfer),
      onActivity: (activity) => host.onTransferActivity?.(activity),
      onInternalError: (error) => this.log.error('a transfer failed unexpectedly', error),
    });
  }

  /**
   * Loads the profile, starts the local vault when the profile is one, and
   * reopens a remembered sign-in. Runs once; every call waits for it.
   */
  start(): Promise<void> {
    this.starting ??= this.startup().catch((error: unknown) => this.log.error('start-up failed', error));
    return this.starting;
  }

  /** Stops transfers, closes the session (it stays remembered) and the local vault. */
  async close(): Promise<void> {
    await this.start();
    this.transfers.cancelAll();
    await Promise.race([this.transfers.idle(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    this.keeper.close();
    await this.local.stop();
  }

  async state(): Promise<CallOutput<'vault.state'>> {
    await this.start();
    return { profile: this.stored ? profileSummary(this.stored) : null, user: this.keeper.user };
  }

  /** Imports a profile (JSON text or connect link) and makes it the app's vault. */
  async connect(text: string): Promise<ProfileSummary> {
    await this.start();
    const profile = parseProfileImport(text);
    this.refuseWhileBusy();
    await this.switchTo({ kind: 'aws', profile });
    return profileSummary(this.stored!);
  }

  /** Asks the host for a profile file, then connects with it. */
  async connectFromFile(): Promise<ProfileSummary | null> {
    const pick = this.host.dialogs.openProfileFile;
    if (!pick) {
      throw new VaultError('UNAVAILABLE', 'Choosing a profile file needs the desktop app: paste the profile instead.');
    }
    const file = await pick.call(this.host.dialogs);
    if (!file) return null;
    const size = (await stat(file).catch(() => undefined))?.size;
    if (size === undefined) throw new VaultError('NOT_FOUND', `The file ${path.basename(file)} could not be read.`);
    if (size > MAX_PROFILE_FILE) {
      throw new VaultError('INVALID_INPUT', `${path.basename(file)} is too large to be a vault profile.`);
    }
    return this.connect(await readFile(file, 'utf8'));
  }

  /**
   * The local vault: starts it (in `<data>/local-vault`), signs this person
   * in, creating their account first when they have none. A local vault
   * belongs to whoever holds its folder, so a known name with another
   * password sets that password.
   */
  async tryLocal(username: string, password: string): Promise<SignInStep> {
    await this.start();
    this.refuseWhileBusy();
    const previous = this.stored;
    const wasLocal = previous?.kind === 'local';
    try {
      const profile = await this.local.start(wasLocal ? portOf(previous.profile) : undefined);
      let step: SignInStep;
      try {
        step = await this.keeper.signIn(profile, username, password);
      } catch (error) {
        if (!(error instanceof VaultError && error.code === 'AUTH_REQUIRED')) throw error;
        const restarted = await this.local.addPerson(username, password);
        step = await this.keeper.signIn(restarted, username, password).catch(async (retry: unknown) => {
          // The sign-in library does not retry, and a connection it kept alive to the backend before the
          // restart can fail the first request after it (NETWORK): once more, on a fresh connection.
          if (!(retry instanceof VaultError && retry.code === 'NETWORK')) throw retry;
          await new Promise((resolve) => setTimeout(resolve, 100));
          return this.keeper.signIn(restarted, username, password);
        });
      }
      // Only a local vault someone got into becomes the app's vault: a refused password leaves the first run as it was.
      await this.switchTo({ kind: 'local', profile: await this.local.start() }, { keepSession: true });
      return step;
    } catch (error) {
      if (!wasLocal) await this.local.stop();
      throw error;
    }
  }

  async signIn(username: string, password: string): Promise<SignInStep> {
    return this.keeper.signIn(await this.requireProfile(), username, password);
  }

  async respond(answer: string): Promise<SignInStep> {
    return this.keeper.respond(await this.requireProfile(), answer);
  }

  async signOut(): Promise<void> {
    await this.start();
    this.transfers.cancelAll();
    this.transfers.clearFinished();
    await this.keeper.signOut();
  }

  async list(folder: string): Promise<{ path: string; entries: FileEntry[] }> {
    const listing = await this.withVault((vault) => vault.list(folder));
    return { path: listing.path, entries: listing.entries.map(fileEntryView) };
  }

  async mkdir(folder: string): Promise<void> {
    await this.withVault((vault) => vault.mkdir(folder));
  }

  /** Removes a file, or a folder with everything in it (the UI has asked the person). */
  async remove(target: string): Promise<void> {
    await this.withVault((vault) => vault.remove(target, { recursive: true }));
  }

  async rename(from: string, to: string): Promise<void> {
    await this.withVault((vault) => vault.move(from, to));
  }

  /** Queues one transfer per source (a file, or a folder with its tree). */
  async upload(sources: readonly string[], to: string): Promise<string[]> {
    await this.requireSignedIn();
    const folder = canonicalPath(to);
    const totals = await Promise.all(
      sources.map((source) =>
        stat(source).then(
          (stats) => (stats.isFile() ? stats.size : 0),
          () => 0,
        ),
      ),
    );
    return sources.map((source, index) => this.transfers.add(uploadJob(this.withVault, source, folder, totals[index])));
  }

  /** Asks the host for files and folders, then uploads them. */
  async pickAndUpload(to: string): Promise<string[]> {
    await this.requireSignedIn();
    const pick = this.host.dialogs.pickFiles;
    if (!pick) throw new VaultError('UNAVAILABLE', 'Choosing files needs the desktop app: drop them on the window.');
    const sources = await pick.call(this.host.dialogs);
    return sources && sources.length > 0 ? this.upload(sources, to) : [];
  }

  /** Asks where to save a vault file or folder, then downloads it there; null when the person cancels. */
  async download(vaultPath: string): Promise<string | null> {
    await this.requireSignedIn();
    const canonical = canonicalPath(vaultPath);
    const name = canonical === '' ? 'S3 Vault' : canonical.slice(canonical.lastIndexOf('/') + 1);
    const target = await this.host.dialogs.saveAs(name);
    if (!target) return null;
    return this.transfers.add(downloadJob(this.withVault, canonical, name, target));
  }

  /** Checks a share link, asks where to save its file, then downloads and decrypts it; null when cancelled. */
  async openLink(link: string): Promise<string | null> {
    const { session } = await this.requireSignedIn();
    const facts = readLink(link, session.profile);
    if (this.now() >= facts.presigned.expiresAt.getTime()) {
      throw new VaultError('NOT_FOUND', `This link expired at ${facts.presigned.expiresAt.toISOString()}.`);
    }
    const keyName = facts.presigned.key.slice(facts.presigned.key.lastIndexOf('/') + 1).slice(0, 64);
    const name = safeFileName(facts.app?.name) ?? (safeFileName(keyName) || 'shared file');
    const target = await this.host.dialogs.saveAs(name);
    if (!target) return null;
    return this.transfers.add(openLinkJob(this.withVault, link, name, target));
  }

  listTransfers(): Transfer[] {
    return this.transfers.list();
  }

  cancelTransfer(id: string): void {
    this.transfers.cancel(id);
  }

  retryTransfer(id: string): void {
    this.transfers.retry(id);
  }

  /** The link lifetimes the current credentials allow. */
  async shareLimits(): Promise<ShareLimits> {
    await this.start();
    return this.keeper.guard(async ({ session }) =>
      shareLimits((await session.currentCredentials()).expiration.getTime(), this.now()),
    );
  }

  async share(vaultPath: string, seconds: number): Promise<ShareLink> {
    return shareLinkView(await this.withVault((vault) => vault.share(vaultPath, { seconds })));
  }

  /** This person's links in this vault, newest first. */
  async links(): Promise<LinkHistoryEntry[]> {
    const { session } = await this.requireSignedIn();
    const entries = await this.history.list();
    return entries
      .filter((entry) => entry.vault === session.profile.vaultId && entry.owner === session.identityId)
      .map(linkHistoryView);
  }

  /**
   * The status probes for the signed-in person. Not through `guard`: a probe
   * in error (an ended session included) is what the panel is for showing,
   * not a reason to end the session from here.
   */
  async status(): Promise<ProbeResult[]> {
    const { session, vault } = await this.requireSignedIn();
    return vault.status({
      tokens: () => session.tokens(),
      transfers: () => this.transfers.tally.snapshot(),
      now: this.now,
    });
  }

  copy(text: string): { copied: boolean } {
    if (!this.host.clipboard) return { copied: false };
    this.host.clipboard.writeText(text);
    return { copied: true };
  }

  /** Runs a task with the signed-in vault; AUTH_REQUIRED from it ends the session (and the UI hears why). */
  private readonly withVault: WithVault = async (task) => {
    await this.start();
    return this.keeper.guard(({ vault }) => task(vault));
  };

  private async startup(): Promise<void> {
    let stored = await this.profiles.load();
    if (stored?.kind === 'local') {
      try {
        stored = { kind: 'local', profile: await this.local.start(portOf(stored.profile)) };
        await this.profiles.save(stored);
      } catch (error) {
        this.log.error('the local vault could not start', error);
      }
    }
    this.stored = stored;
    if (stored) await this.keeper.restore(stored.profile);
  }

  private async requireProfile(): Promise<VaultProfile> {
    await this.start();
    if (!this.stored) throw new VaultError('NOT_FOUND', 'Connect to a vault or try a local one first.');
    return this.stored.profile;
  }

  private async requireSignedIn() {
    await this.start();
    return this.keeper.require();
  }

  /**
   * Makes `next` the app's vault: the person is signed out of another vault
   * (unless they just signed in to this one), and a local vault stops when left.
   */
  private async switchTo(next: StoredProfile, { keepSession = false } = {}): Promise<void> {
    const current = this.stored;
    const sameVault =
      current?.kind === next.kind &&
      current.profile.vaultId === next.profile.vaultId &&
      current.profile.userPoolId === next.profile.userPoolId &&
      current.profile.endpoint === next.profile.endpoint;
    if (!sameVault && !keepSession) await this.forgetSession();
    if (current?.kind === 'local' && next.kind !== 'local') await this.local.stop();
    await this.useProfile(next);
  }

  private async useProfile(next: StoredProfile): Promise<void> {
    await this.profiles.save(next);
    this.stored = next;
  }

  /** Signs out on this computer only (the session belongs to another vault now). */
  private async forgetSession(): Promise<void> {
    const wasSignedIn = this.keeper.user !== null;
    this.keeper.close();
    this.transfers.clearFinished();
    await this.host.sessionStore.clear().catch(() => {});
    if (wasSignedIn) this.host.emit('session.changed', { user: null });
  }

  private refuseWhileBusy(): void {
    if (this.transfers.list().some((transfer) => transfer.state === 'queued' || transfer.state === 'running')) {
      throw new VaultError('CONFLICT', BUSY);
    }
  }
}

/** The port of a local profile's endpoint, to ask for it again. */
function portOf(profile: VaultProfile): number | undefined {
  if (!profile.endpoint) return undefined;
  const port = Number(new URL(profile.endpoint).port);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}
