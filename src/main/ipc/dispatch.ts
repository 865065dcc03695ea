/**
 * One place where a call from the UI is checked and run, shared by the
 * Electron main process and the browser bridge (so it imports no 'electron').
 * Inputs are validated against the contract's schema before any handler sees
 * them; results and errors leave as envelopes without stacks or secrets.
 */
import * as z from 'zod/mini';
import { calls, isCallName, type CallInput, type CallName, type CallOutput } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { VaultError } from '../vault/errors';

export type CallHandlers = {
  [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>> | CallOutput<N>;
};

export async function dispatch(
  handlers: CallHandlers,
  name: unknown,
  input: unknown,
  onInternalError: (error: unknown) => void = (error) => console.error(error),
): Promise<Result<unknown>> {
  if (!isCallName(name)) return fail('INVALID_INPUT', `Unknown call: ${describe(name)}.`);
  const parsed = z.safeParse(calls[name].input, input);
  if (!parsed.success) {
    return fail('INVALID_INPUT', `Invalid argument for ${name}: ${z.prettifyError(parsed.error)}`);
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof VaultError) return fail(error.code, error.message);
    onInternalError(error);
    return fail('INTERNAL', `${name} failed unexpectedly; the details are in the app's log.`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : typeof value;
}
