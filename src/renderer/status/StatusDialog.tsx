import type { ProfileSummary, VaultUser } from '../../shared/contract';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { ProbeItem } from './ProbeItem';
import { useStatus } from './use-status';

interface StatusDialogProps {
  profile: ProfileSummary;
  user: VaultUser;
  onClose: () => void;
}

/**
 * The Status view: one item per health probe (bucket, user pool, key,
 * credentials, share links, storage, transfers) with its state in words and
 * colour, checked when opened, on Refresh, and every minute while open.
 */
export function StatusDialog({ profile, user, onClose }: StatusDialogProps) {
  const status = useStatus();
  return (
    <Dialog title="Status" onClose={onClose} wide>
      <section role="region" aria-label="Status" aria-busy={status.checking}>
        <p className="hint">
          {profile.kind === 'local' ? `Local vault (${profile.vaultId})` : profile.vaultId} · {profile.bucket} ·{' '}
          {profile.region} · signed in as {user.username}
          {user.isAdmin ? ' (administrator)' : ''}
        </p>
        <ErrorAlert error={status.error} />
        {status.probes ? (
          <ul className="probes">
            {status.probes.map((probe) => (
              <ProbeItem key={probe.id} probe={probe} />
            ))}
          </ul>
        ) : (
          <p className="hint">Checking…</p>
        )}
      </section>
      <div className="actions">
        <button type="button" onClick={status.refresh} disabled={status.checking}>
          Refresh
        </button>
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
