import type { VaultModel } from './core/model';

/** The template's outputs, as the app's connection profile names them (Outputs `UserPoolId` → `userPoolId`). */
export const PROFILE_FIELDS = [
  'region',
  'userPoolId',
  'userPoolClientId',
  'identityPoolId',
  'bucket',
  'keyArn',
  'vaultId',
] as const;

export type VaultProfileFields = Record<(typeof PROFILE_FIELDS)[number], string>;

/** A connection profile for a local vault: the template's outputs, plus where the backend listens and its admin keys. */
export interface LocalProfile extends VaultProfileFields {
  /** Every service of the local backend answers here. */
  endpoint: string;
  /** The local account's administrator keys: for tests, benchmarks and `aws --endpoint-url`; never for the app's users. */
  localAdmin: { accessKeyId: string; secretAccessKey: string };
}

/** The connection profile of a local vault served at `endpoint`, from the template's outputs. */
export function profileFromModel(
  model: VaultModel,
  endpoint: string,
  localAdmin: LocalProfile['localAdmin'],
): LocalProfile {
  const fields = {} as VaultProfileFields;
  for (const field of PROFILE_FIELDS) {
    const output = field[0]!.toUpperCase() + field.slice(1);
    const value = model.outputs[output];
    if (!value) throw new Error(`infra/vault.yaml has no output ${output}, which the connection profile needs.`);
    fields[field] = value;
  }
  return { ...fields, endpoint, localAdmin };
}
