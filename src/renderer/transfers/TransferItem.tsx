import type { Transfer } from '../../shared/contract';
import { call } from '../call';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatBytes, formatSpeed } from '../format';
import { useAction } from '../use-action';
import { vault } from '../vault';

const STATE_LABELS: Record<Transfer['state'], string> = {
  queued: 'Waiting',
  running: '',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function TransferItem({ transfer }: { transfer: Transfer }) {
  const { error, run } = useAction();
  const percent =
    transfer.state === 'done'
      ? 100
      : transfer.total > 0
        ? Math.min(100, Math.floor((transfer.bytes / transfer.total) * 100))
        : 0;
  const verb = transfer.direction === 'upload' ? 'Upload' : 'Download';
  const label = `${verb} ${transfer.name}`;

  return (
    <li className={`transfer transfer-${transfer.state}`} aria-label={label}>
      <span className="transfer-name" title={transfer.path}>
        <span aria-hidden="true" className="transfer-direction">
          {transfer.direction === 'upload' ? '↑' : '↓'}
        </span>
        {transfer.name}
      </span>
      <div
        role="progressbar"
        aria-label={`${label} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
        className="progress"
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="transfer-detail">
        {transfer.state === 'running'
          ? `${formatBytes(transfer.bytes)} of ${formatBytes(transfer.total)} · ${formatSpeed(transfer.bytesPerSecond)}`
          : transfer.state === 'done'
            ? `${STATE_LABELS.done} · ${formatBytes(transfer.total)}`
            : STATE_LABELS[transfer.state]}
      </span>
      <span className="transfer-actions">
        {transfer.state === 'running' || transfer.state === 'queued' ? (
          <button
            type="button"
            aria-label={`Cancel ${transfer.name}`}
            onClick={() => void run(() => call(vault.transfers.cancel({ id: transfer.id })))}
          >
            Cancel
          </button>
        ) : null}
        {transfer.state === 'failed' || transfer.state === 'cancelled' ? (
          <button
            type="button"
            aria-label={`Retry ${transfer.name}`}
            onClick={() => void run(() => call(vault.transfers.retry({ id: transfer.id })))}
          >
            Retry
          </button>
        ) : null}
      </span>
      {transfer.state === 'failed' && transfer.error ? (
        <div className="transfer-error">
          <ErrorAlert error={transfer.error} />
        </div>
      ) : null}
      {error ? (
        <div className="transfer-error">
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </li>
  );
}
