/**
 * The latency of the session's last data-key request (GenerateDataKey for an
 * upload, Decrypt for a download), kept by the KMS client's middleware so the
 * status panel can show how fast the key answers in real use, not only to
 * its own DescribeKey.
 */

/** One data-key request as measured. */
export interface DataKeyTiming {
  operation: 'GenerateDataKey' | 'Decrypt';
  latencyMs: number;
  /** Epoch ms when it finished. */
  at: number;
  ok: boolean;
}

/** Where a KMS client records its data-key requests. */
export interface KmsTimings {
  lastDataKey?: DataKeyTiming;
}

/** The command names (as the SDK's middleware context gives them) that fetch or unwrap a data key. */
export function dataKeyOperation(commandName: string | undefined): DataKeyTiming['operation'] | undefined {
  if (commandName === 'GenerateDataKeyCommand') return 'GenerateDataKey';
  if (commandName === 'DecryptCommand') return 'Decrypt';
  return undefined;
}
