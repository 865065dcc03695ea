import { useEffect, useState } from 'react';
import type { LinkHistoryEntry } from '../../shared/contract';
import { call, toErrorInfo } from '../call';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatRelative } from '../format';
import type { ActionError } from '../use-action';
import { vault } from '../vault';

/** The links this person created on this computer, newest first, expired ones marked. */
export function ShareLinksDialog({ onClose }: { onClose: () => void }) {
  const [loaded, setLoaded] = useState<{ links: LinkHistoryEntry[]; now: number } | undefined>();
  const [error, setError] = useState<ActionError | undefined>();
  useEffect(() => {
    let active = true;
    call(vault.shares.list())
      .then(
        (value) =>
          active &&
          setLoaded({ links: [...value].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), now: Date.now() }),
      )
      .catch((caught: unknown) => active && setError(toErrorInfo(caught)));
    return () => {
      active = false;
    };
  }, []);
  const links = loaded?.links;
  const now = loaded?.now ?? 0;

  return (
    <Dialog title="Share links" onClose={onClose} wide>
      <ErrorAlert error={error} />
      {!links && !error ? <p className="hint">Loading…</p> : null}
      {links && links.length === 0 ? <p className="hint">No links yet. Share a file to create one.</p> : null}
      {links && links.length > 0 ? (
        <table className="links-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => {
              const expired = new Date(link.expiresAt).getTime() <= now;
              return (
                <tr key={`${link.path}@${link.createdAt}`} className={expired ? 'expired' : undefined}>
                  <td title={link.path}>{link.name}</td>
                  <td>{formatDate(link.createdAt)}</td>
                  <td>
                    {expired ? <span className="badge">Expired</span> : null} {formatDate(link.expiresAt)}{' '}
                    <span className="hint">({formatRelative(link.expiresAt, now)})</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="actions">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
