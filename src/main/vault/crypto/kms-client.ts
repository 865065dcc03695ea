import { KMS, type KMSClientConfig } from '@aws-sdk/client-kms';
import { kmsErrorToVaultError, TaggedVaultError, type KmsPermission } from './kms-errors';
import { dataKeyOperation, type KmsTimings } from './kms-timings';

/**
 * A function that resolves (and refreshes) AWS credentials, as SDK v3 clients
 * take them (`AwsCredentialIdentityProvider`), named without a dependency on
 * the SDK's internal types package.
 */
export type CredentialsProvider = Extract<NonNullable<KMSClientConfig['credentials']>, (...args: never[]) => unknown>;

/** Where the vault's KMS key lives and whose credentials call it. */
export interface KmsClientOptions {
  region: string;
  /** A local AWS-compatible backend's URL; AWS itself when omitted. */
  endpoint?: string;
  credentials: CredentialsProvider;
  /** Where the latency of each data-key request is recorded (the status panel's Key probe). */
  timings?: KmsTimings;
}

/**
 * The aggregated `KMS` client (it has `generateDataKey`/`decrypt` methods, which
 * the Encryption SDK's keyring calls; the bare `KMSClient` does not), with our
 * credentials and endpoint. Every error it throws is a VaultError naming the
 * permission the call needed, tagged so that it survives the keyring folding it
 * into a message (see TaggedVaultError).
 */
export function createKmsClient({ region, endpoint, credentials, timings }: KmsClientOptions): KMS {
  const kms = new KMS({ region, endpoint, credentials });
  if (timings) {
    kms.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = dataKeyOperation(context.commandName);
        if (!operation) return next(args);
        const started = performance.now();
        let ok = false;
        try {
          const result = await next(args);
          ok = true;
          return result;
        } finally {
          timings.lastDataKey = { operation, latencyMs: Math.round(performance.now() - started), at: Date.now(), ok };
        }
      },
      // Around the SDK's retries, as the person waits for them.
      { step: 'initialize', name: 's3vaultKmsTimings' },
    );
  }
  kms.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const permission: KmsPermission = `kms:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
        const mapped = kmsErrorToVaultError(error, permission);
        if (!mapped) throw error;
        throw new TaggedVaultError(mapped.code, mapped.message, { cause: error });
      }
    },
    // Outermost step, so it sees the final error after the SDK's retries.
    { step: 'initialize', name: 's3vaultKmsErrors' },
  );
  return kms;
}
