import type { ProfileSummary, Transfer, VaultUser } from '../../shared/contract';
import { Dialog } from '../components/Dialog';

interface StatusDialogProps {
  profile: ProfileSummary;
  user: VaultUser;
  transfers: Transfer[];
  onClose: () => void;
}

/**
 * What the window knows about the vault today. The health checks (bucket,
 * user pool, key, link usage, storage) come with the status issue; until then
 * this says so rather than show made-up lights.
 */
export function StatusDialog({ profile, user, transfers, onClose }: StatusDialogProps) {
  const count = (state: Transfer['state']) => transfers.filter((transfer) => transfer.state === state).length;
  const rows: [string, string][] = [
    ['Vault', profile.kind === 'local' ? `Local vault on this computer (${profile.vaultId})` : profile.vaultId],
    ['Bucket', `${profile.bucket} · ${profile.region}`],
    ['Signed in as', `${user.username}${user.isAdmin ? ' (administrator)' : ''}`],
    [
      'Transfers',
      `${count('running') + count('queued')} in progress, ${count('done')} done, ${count('failed')} failed`,
    ],
  ];
  return (
    <Dialog title="Status" onClose={onClose}>
      <dl className="status-list">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">
        Health checks of the bucket, the user pool and the key, share-link usage and storage totals are not in this
        version yet.
      </p>
      <div className="actions">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
