/**
 * The vault key's health: enabled (DescribeKey; disabled or pending deletion
 * is an error, since no file can be encrypted or decrypted then), automatic
 * rotation (GetKeyRotationStatus; off is a warning), and the latency of the
 * session's last data-key request, as uploads and downloads saw it.
 */
import type { KMS } from '@aws-sdk/client-kms';
import type { KmsTimings } from '../crypto/kms-timings';
import { VaultError } from '../errors';
import type { Probe, ProbeDetails } from './probe-types';

/** The Key probe over the session's KMS client. */
export function keyProbe(kms: KMS, keyArn: string, timings: KmsTimings): Probe {
  return {
    id: 'key',
    name: 'Key',
    async run({ signal }) {
      const started = performance.now();
      const described = await kms.describeKey({ KeyId: keyArn }, { abortSignal: signal });
      const latencyMs = Math.round(performance.now() - started);
      const meta = described.KeyMetadata;
      const details: ProbeDetails = { keyState: meta?.KeyState ?? 'unknown', latencyMs };
      const last = timings.lastDataKey;
      if (last) {
        details.lastDataKeyMs = last.latencyMs;
        details.lastDataKeyCall = `${last.operation} at ${new Date(last.at).toISOString()}${last.ok ? '' : ' (failed)'}`;
      }
      if (!meta?.Enabled) {
        return {
          state: 'error',
          reason: `The vault key is ${(meta?.KeyState ?? 'not usable').toLowerCase()}: files cannot be encrypted or decrypted until an administrator enables it.`,
          details,
        };
      }
      let rotation: boolean | undefined;
      try {
        rotation = (await kms.getKeyRotationStatus({ KeyId: keyArn }, { abortSignal: signal })).KeyRotationEnabled;
      } catch (error) {
        if (!(error instanceof VaultError) || error.code !== 'ACCESS_DENIED') throw error;
        details.rotation = 'not readable';
        return {
          state: 'warning',
          reason: 'The key is enabled, but KMS refused kms:GetKeyRotationStatus, so its rotation cannot be checked.',
          details,
        };
      }
      details.rotation = rotation ? 'on' : 'off';
      if (!rotation) {
        return { state: 'warning', reason: 'The key is enabled, but its automatic yearly rotation is off.', details };
      }
      return { state: 'ok', reason: `The key is enabled and rotates; it answered in ${latencyMs} ms.`, details };
    },
  };
}
