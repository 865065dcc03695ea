import { useState } from 'react';
import { call } from '../call';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAction } from '../use-action';
import { vault } from '../vault';

interface OpenLinkDialogProps {
  initialLink?: string;
  onClose: () => void;
}

/** Opens a share link someone sent: main downloads and decrypts it with this person's own access. */
export function OpenLinkDialog({ initialLink = '', onClose }: OpenLinkDialogProps) {
  const [link, setLink] = useState(initialLink);
  const { busy, error, run } = useAction();
  return (
    <Dialog title="Open share link" onClose={onClose} wide>
      <form
        className="stack"
        onSubmit={async (event) => {
          event.preventDefault();
          const opened = await run(() => call(vault.shares.open({ link: link.trim() })));
          if (opened) onClose();
        }}
      >
        <label className="field">
          <span>Share link</span>
          <textarea
            value={link}
            onChange={(event) => setLink(event.target.value)}
            rows={3}
            spellCheck={false}
            className="mono"
            data-autofocus
          />
        </label>
        <p className="hint">
          A share link or an s3vault:// link. The file is downloaded and decrypted with your own access to the vault;
          its progress shows under Transfers.
        </p>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || link.trim().length < 8}>
            Open
          </button>
        </div>
      </form>
    </Dialog>
  );
}
