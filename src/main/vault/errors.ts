import type { ErrorCode } from '../../shared/result';

/**
 * An error the engine means to show: its code and message cross IPC as they
 * are. Anything else that is thrown is reported as INTERNAL without details.
 */
export class VaultError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VaultError';
  }
}
