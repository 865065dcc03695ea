/**
 * The app's current vault profile, kept as JSON in the host's data folder
 * (profile.json). `kind` says who runs the vault: 'local' is the backend this
 * app starts itself (its endpoint changes with its port), 'aws' any other.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod/mini';
import type { ProfileSummary } from '../../shared/contract';
import { vaultProfileSchema, type VaultProfile } from '../vault/profile';

export type ProfileKind = ProfileSummary['kind'];

export interface StoredProfile {
  kind: ProfileKind;
  profile: VaultProfile;
}

const fileSchema = z.object({
  version: z.literal(1),
  kind: z.enum(['local', 'aws']),
  profile: vaultProfileSchema,
});

export interface ProfileStore {
  /** The saved profile; null when there is none or it is unreadable (the app then starts as on a first run). */
  load(): Promise<StoredProfile | null>;
  save(stored: StoredProfile): Promise<void>;
  clear(): Promise<void>;
}

/** A profile store in `<dataDir>/profile.json`, written whole and renamed so a crash never leaves half a file. */
export function createProfileStore(dataDir: string, onDamaged?: (message: string) => void): ProfileStore {
  const file = path.join(dataDir, 'profile.json');
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return null;
      }
      try {
        const parsed = z.safeParse(fileSchema, JSON.parse(text));
        if (parsed.success) return { kind: parsed.data.kind, profile: parsed.data.profile as VaultProfile };
      } catch {
        // Falls through to the report below.
      }
      onDamaged?.(`${file} is damaged or from another version; starting without a profile.`);
      return null;
    },
    async save({ kind, profile }) {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ version: 1, kind, profile }, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, file);
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}

/** What the UI may see of a profile (no endpoint, no ids it has no use for). */
export function profileSummary({ kind, profile }: StoredProfile): ProfileSummary {
  return { kind, vaultId: profile.vaultId, region: profile.region, bucket: profile.bucket };
}
