import type { Result, VaultErrorInfo } from '../shared/result';

/** A failed window.vault call: the contract's error code and its sentence, written for people. */
export class CallError extends Error {
  readonly code: string;

  constructor(info: VaultErrorInfo) {
    super(info.message);
    this.name = 'CallError';
    this.code = info.code;
  }
}

/** Unwraps a window.vault result: its value, or a CallError for the UI to show where it was asked for. */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

/** What to show for anything a task threw: a call's own error, or a plain sentence for a bug in the UI. */
export function toErrorInfo(error: unknown): { code: string; message: string } {
  if (error instanceof CallError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Something went wrong in the window: ${message}` };
}
