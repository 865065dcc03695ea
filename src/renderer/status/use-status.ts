import { useCallback, useEffect, useState } from 'react';
import type { ProbeResult } from '../../shared/contract';
import type { ActionError } from '../use-action';
import { vault } from '../vault';

/** How often the open panel checks again by itself. */
export const STATUS_REFRESH_MS = 60_000;

interface Checked {
  /** The request this answers (see `version`). */
  version: number;
  probes?: ProbeResult[];
  error?: ActionError;
}

/**
 * The status probes: checked when the panel opens, on `refresh`, and every
 * minute while it is open. Each check is a new `version`; an answer to an
 * older one is dropped, so a slow check cannot overwrite a newer one.
 */
export function useStatus() {
  const [version, setVersion] = useState(0);
  const [checked, setChecked] = useState<Checked | undefined>();

  useEffect(() => {
    let active = true;
    void vault.status.check().then((result) => {
      if (!active) return;
      setChecked((previous) =>
        result.ok
          ? { version, probes: result.value }
          : // A failed check keeps the last results on screen, with the reason.
            { version, probes: previous?.probes, error: result.error },
      );
    });
    return () => {
      active = false;
    };
  }, [version]);

  useEffect(() => {
    const timer = setInterval(() => setVersion((current) => current + 1), STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const refresh = useCallback(() => setVersion((current) => current + 1), []);
  return {
    probes: checked?.probes,
    error: checked?.error,
    checking: checked?.version !== version,
    refresh,
  };
}
