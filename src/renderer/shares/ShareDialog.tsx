import { useEffect, useState } from 'react';
import type { FileEntry, ShareLink } from '../../shared/contract';
import { call, toErrorInfo } from '../call';
import { CopyButton } from '../components/CopyButton';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatDuration, formatRelative } from '../format';
import { useAction } from '../use-action';
import { vault } from '../vault';

interface Limits {
  maxSeconds: number;
  choices: number[];
}

const CAPPED_BY: Record<NonNullable<ShareLink['cappedBy']>, string> = {
  credentials: 'It is shorter than you asked: the credentials that sign it expire sooner.',
  'sigv4-limit': 'It is shorter than you asked: a signed link lasts at most seven days.',
};

/** Creates a share link to one file, shows its true expiry and copies it. */
export function ShareDialog({ entry, onClose }: { entry: FileEntry; onClose: () => void }) {
  const [limits, setLimits] = useState<Limits | undefined>();
  const [seconds, setSeconds] = useState<number | undefined>();
  const [link, setLink] = useState<ShareLink | undefined>();
  const { busy, error, run, setError } = useAction();

  useEffect(() => {
    let active = true;
    call(vault.shares.limits())
      .then((value) => {
        if (!active) return;
        setLimits(value);
        // A day when allowed, else the longest allowed.
        const choice = value.choices.includes(86_400) ? 86_400 : value.choices.at(-1);
        setSeconds(choice);
      })
      .catch((caught: unknown) => active && setError(toErrorInfo(caught)));
    return () => {
      active = false;
    };
  }, [setError]);

  return (
    <Dialog title={`Share “${entry.name}”`} onClose={onClose} wide>
      <form
        className="stack"
        onSubmit={async (event) => {
          event.preventDefault();
          if (seconds === undefined) return;
          const created = await run(() => call(vault.shares.create({ path: entry.path, seconds })));
          if (created) setLink(created);
        }}
      >
        <div className="inline-fields">
          <label className="field field-narrow">
            <span>Expires in</span>
            <select
              value={seconds ?? ''}
              onChange={(event) => setSeconds(Number(event.target.value))}
              aria-busy={!limits}
              data-autofocus
            >
              {(limits?.choices ?? []).map((choice) => (
                <option key={choice} value={choice}>
                  {formatDuration(choice)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={busy || seconds === undefined}>
            {link ? 'Create another link' : 'Create link'}
          </button>
        </div>
        {limits ? <p className="hint">At most {formatDuration(limits.maxSeconds)} with your current sign-in.</p> : null}
      </form>
      <ErrorAlert error={error} />
      {link ? (
        <div className="stack share-result">
          <div className="field-with-action">
            <label className="field">
              <span>Share link</span>
              <input readOnly value={link.url} className="mono" onFocus={(event) => event.currentTarget.select()} />
            </label>
            <CopyButton text={link.url} label="Copy link" />
          </div>
          <div className="field-with-action">
            <label className="field">
              <span>App link</span>
              <input readOnly value={link.appLink} className="mono" onFocus={(event) => event.currentTarget.select()} />
            </label>
            <CopyButton text={link.appLink} label="Copy app link" />
          </div>
          <p>
            Expires <strong>{formatDate(link.expiresAt)}</strong> ({formatRelative(link.expiresAt)}).{' '}
            {link.cappedBy ? CAPPED_BY[link.cappedBy] : null}
          </p>
        </div>
      ) : null}
      <p className="hint">
        The share link gives the file’s encrypted bytes only; the app link opens it in S3 Vault, where a member of this
        vault decrypts it with their own access.
      </p>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
