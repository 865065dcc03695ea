import { useEffect, useState } from 'react';
import type { Transfer } from '../../shared/contract';
import { vault } from '../vault';

/**
 * The transfers main is running or has run, newest first: the list once,
 * then every change as the transfers.changed event reports it.
 */
export function useTransfers(): Transfer[] {
  const [byId, setById] = useState<ReadonlyMap<string, Transfer>>(new Map());

  useEffect(() => {
    let active = true;
    const merge = (transfers: Transfer[]) =>
      setById((current) => {
        const next = new Map(current);
        for (const transfer of transfers) next.set(transfer.id, transfer);
        return next;
      });
    const unsubscribe = vault.on('transfers.changed', (transfer) => merge([transfer]));
    void vault.transfers.list().then((result) => {
      // Events that arrived meanwhile are newer than the list: keep them.
      if (active && result.ok)
        setById((current) => {
          const next = new Map(result.value.map((transfer) => [transfer.id, transfer]));
          for (const [id, transfer] of current) next.set(id, transfer);
          return next;
        });
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  return [...byId.values()].reverse();
}
