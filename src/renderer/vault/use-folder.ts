import { useCallback, useEffect, useState } from 'react';
import type { FileEntry } from '../../shared/contract';
import type { ActionError } from '../use-action';
import { vault } from '../vault';

interface Listing {
  path: string;
  entries: FileEntry[];
  error?: ActionError;
}

/**
 * One vault folder's listing, as main reports it. The renderer keeps no copy
 * of its own: `refresh` asks again after anything that changes the folder.
 */
export function useFolder(path: string) {
  const [listing, setListing] = useState<Listing | undefined>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let active = true;
    void vault.files.list({ path }).then((result) => {
      if (!active) return;
      setListing((previous) =>
        result.ok
          ? { path, entries: result.value.entries }
          : // A failed refresh keeps what the folder showed, with the reason.
            { path, entries: previous?.path === path ? previous.entries : [], error: result.error },
      );
    });
    return () => {
      active = false;
    };
  }, [path, version]);

  const refresh = useCallback(() => setVersion((current) => current + 1), []);
  const current = listing?.path === path ? listing : undefined;
  return { entries: current?.entries ?? NO_ENTRIES, loading: !current, error: current?.error, refresh };
}

const NO_ENTRIES: FileEntry[] = [];
