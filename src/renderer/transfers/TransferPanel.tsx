import { useState } from 'react';
import type { Transfer } from '../../shared/contract';
import { TransferItem } from './TransferItem';

const FINISHED = new Set<Transfer['state']>(['done', 'cancelled']);

/** Uploads and downloads with their progress; failures keep their reason and a Retry. */
export function TransferPanel({ transfers }: { transfers: Transfer[] }) {
  // Which finished transfers the person cleared from view (UI state only: main keeps the list).
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set());
  const shown = transfers.filter((transfer) => !cleared.has(transfer.id));
  const active = shown.filter((transfer) => transfer.state === 'running' || transfer.state === 'queued').length;
  const finished = shown.filter((transfer) => FINISHED.has(transfer.state));

  return (
    <section className="transfer-panel" aria-labelledby="transfers-title">
      <header className="panel-header">
        <h2 id="transfers-title">Transfers</h2>
        <span className="hint">{active > 0 ? `${active} in progress` : ''}</span>
        {finished.length > 0 ? (
          <button
            type="button"
            className="link-button"
            onClick={() => setCleared(new Set([...cleared, ...finished.map((transfer) => transfer.id)]))}
          >
            Clear finished
          </button>
        ) : null}
      </header>
      {shown.length === 0 ? (
        <p className="hint panel-empty">No transfers. Drop files on the window or use Add files.</p>
      ) : (
        <ul className="transfer-list">
          {shown.map((transfer) => (
            <TransferItem key={transfer.id} transfer={transfer} />
          ))}
        </ul>
      )}
    </section>
  );
}
