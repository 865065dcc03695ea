import type { FileEntry } from '../../shared/contract';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAction } from '../use-action';

interface ConfirmDeleteProps {
  entry: FileEntry;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Deleting cannot be undone, so it asks first; Cancel has the focus. */
export function ConfirmDelete({ entry, onConfirm, onClose }: ConfirmDeleteProps) {
  const { busy, error, run } = useAction();
  return (
    <Dialog title={`Delete “${entry.name}”?`} role="alertdialog" onClose={onClose}>
      <p id="confirm-delete-text">
        {entry.kind === 'folder'
          ? 'The folder and everything in it are removed from the vault.'
          : 'The file is removed from the vault.'}{' '}
        This cannot be undone; share links to it stop working.
      </p>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={async () => {
            const done = await run(async () => {
              await onConfirm();
              return true;
            });
            if (done) onClose();
          }}
        >
          Delete
        </button>
      </div>
    </Dialog>
  );
}
