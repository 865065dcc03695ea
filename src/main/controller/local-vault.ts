/**
 * The local vault a first run can try (DESIGN §4): the local AWS-compatible
 * backend, run inside this process on a loopback port, with its data in
 * `<app data>/local-vault`. Its port is chosen when it starts, so the profile
 * it gives has this run's endpoint; the previous port is asked for first, so
 * that share links made in an earlier run keep working when it is free.
 */
import type { LocalBackend, LocalBackendOptions } from '../../local/server';
import { VaultError } from '../vault/errors';
import { parseVaultProfile, type VaultProfile } from '../vault/profile';

export type StartBackend = (options: LocalBackendOptions) => Promise<LocalBackend>;

export interface LocalVaultOptions {
  /** The backend's data folder. */
  dataDir: string;
  /** startLocalBackend, loaded lazily by default so hosts that never run a local vault never load it. */
  start?: StartBackend;
  log?: (line: string) => void;
}

const defaultStart: StartBackend = async (options) => (await import('../../local/server')).startLocalBackend(options);

export class LocalVault {
  private backend: LocalBackend | undefined;
  /** Starts and stops run one at a time: two backends on one data folder would corrupt it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LocalVaultOptions) {}

  get running(): boolean {
    return this.backend !== undefined;
  }

  /** Starts the backend (once), preferring `port`; returns the profile for this run's endpoint. */
  start(port?: number): Promise<VaultProfile> {
    return this.serial(async () => {
      this.backend ??= await this.launch(port);
      return profileOf(this.backend);
    });
  }

  /**
   * Creates a person (confirmed, in vault-users), or sets the password of one
   * who exists: the backend takes new accounts only as it starts, so it is
   * restarted on the same port (sessions in progress keep their endpoint).
   * @throws VaultError INVALID_INPUT naming the password rule or the username problem
   */
  addPerson(username: string, password: string): Promise<VaultProfile> {
    return this.serial(async () => {
      const port = this.backend?.port;
      await this.backend?.close();
      this.backend = undefined;
      try {
        this.backend = await this.launch(port, [{ username, password }]);
      } catch (error) {
        const refusal = accountRefusal(error);
        if (!refusal) throw error;
        // The account was refused before the backend listened: bring the vault back as it was.
        this.backend = await this.launch(port);
        throw refusal;
      }
      return profileOf(this.backend);
    });
  }

  stop(): Promise<void> {
    return this.serial(async () => {
      await this.backend?.close();
      this.backend = undefined;
    });
  }

  private async launch(port: number | undefined, users?: LocalBackendOptions['users']): Promise<LocalBackend> {
    const start = this.options.start ?? defaultStart;
    const base = { dataDir: this.options.dataDir, users, log: this.options.log };
    if (port === undefined) return start({ ...base, port: 0 });
    try {
      return await start({ ...base, port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      this.options.log?.(`local vault: port ${port} is taken; links made before this run will not open`);
      return start({ ...base, port: 0 });
    }
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }
}

/** The backend's profile without its admin keys: the app signs in as a person, never as the account. */
function profileOf(backend: LocalBackend): VaultProfile {
  return parseVaultProfile(backend.profile, "the local vault's profile");
}

/** The user pool's refusal of an account (Cognito's words), as a sentence for the person; undefined for anything else. */
function accountRefusal(error: unknown): VaultError | undefined {
  const type = (error as { type?: unknown }).type;
  const message = error instanceof Error ? error.message : '';
  if (type === 'InvalidPasswordException') {
    const rule = message.replace(/^Password did not conform with policy:\s*/, '');
    return new VaultError('INVALID_INPUT', `Choose another password: ${rule.charAt(0).toLowerCase()}${rule.slice(1)}.`);
  }
  if (type === 'InvalidParameterException') {
    return new VaultError('INVALID_INPUT', `This username or password cannot be used: ${message}`);
  }
  return undefined;
}
