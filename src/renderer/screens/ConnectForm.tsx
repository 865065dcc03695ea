import { useState } from 'react';
import { call } from '../call';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAction } from '../use-action';
import { vault } from '../vault';

interface ConnectFormProps {
  id: string;
  onConnected: () => void;
}

/** Imports a vault's connection profile: from a file, or pasted as JSON or an s3vault://connect link. */
export function ConnectForm({ id, onConnected }: ConnectFormProps) {
  const [profile, setProfile] = useState('');
  const { busy, error, run } = useAction();

  return (
    <div id={id} className="stack">
      <p>Use the profile your vault’s administrator gave you.</p>
      <div className="actions actions-start">
        <button
          type="button"
          disabled={busy}
          data-autofocus
          autoFocus
          onClick={async () => {
            const summary = await run(() => call(vault.vault.connectFromFile()));
            if (summary) onConnected();
          }}
        >
          Choose a profile file…
        </button>
      </div>
      <form
        className="stack"
        onSubmit={async (event) => {
          event.preventDefault();
          const summary = await run(() => call(vault.vault.connect({ profile: profile.trim() })));
          if (summary) onConnected();
        }}
      >
        <label className="field">
          <span>Profile JSON or s3vault://connect link</span>
          <textarea
            value={profile}
            onChange={(event) => setProfile(event.target.value)}
            rows={5}
            spellCheck={false}
            required
          />
        </label>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || profile.trim().length < 2}>
            Connect
          </button>
        </div>
      </form>
    </div>
  );
}
