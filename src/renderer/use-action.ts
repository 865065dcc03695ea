import { useCallback, useState } from 'react';
import { toErrorInfo } from './call';

export interface ActionError {
  code: string;
  message: string;
}

/**
 * Runs one task a person started (a button, a form) and keeps what the UI
 * shows about it: busy while it runs, the error when it failed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionError | undefined>();

  const run = useCallback(async <T>(task: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await task();
    } catch (caught) {
      setError(toErrorInfo(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, run, clearError, setError };
}
