/** The vault profile for `s3vault login`: `--profile FILE`, else the file named by S3VAULT_PROFILE. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseVaultProfile, type VaultProfile } from '../main/vault/profile';
import { CliVaultError } from './cli-errors';

/**
 * Reads and validates a profile file (the template's outputs as JSON, or the
 * file `s3vault local --profile-out` writes; extra fields such as the local
 * admin keys are dropped).
 */
export async function loadProfileFile(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<VaultProfile> {
  const file = option || env.S3VAULT_PROFILE;
  if (!file) {
    throw new CliVaultError('INVALID_INPUT', 'no vault profile: pass --profile FILE or set S3VAULT_PROFILE.');
  }
  const resolved = path.resolve(file);
  let text: string;
  try {
    text = await readFile(resolved, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    throw new CliVaultError('INVALID_INPUT', `cannot read the profile ${resolved}: ${reason}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliVaultError('INVALID_INPUT', `the profile ${resolved} is not JSON.`);
  }
  return parseVaultProfile(value, `the profile ${resolved}`);
}
