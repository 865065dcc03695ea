import { useState } from 'react';
import type { SignInStep } from '../../shared/contract';
import { call } from '../call';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAction } from '../use-action';
import { vault } from '../vault';
import { PASSWORD_RULES } from './password-rules';

/** What the local user pool accepts as a username (the contract checks the same). */
const USERNAME = /^[\w.@+-]{1,128}$/;

interface TryLocalFormProps {
  id: string;
  onStep: (step: SignInStep) => void;
}

/** Creates the local vault with the account the person signs in with. */
export function TryLocalForm({ id, onStep }: TryLocalFormProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run, setError } = useAction();

  return (
    <form
      id={id}
      className="stack"
      aria-label="Try a local vault"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!USERNAME.test(username.trim())) {
          setError({ code: 'INVALID_INPUT', message: 'A username uses letters, digits and . @ + - _ only.' });
          return;
        }
        const step = await run(() => call(vault.vault.tryLocal({ username: username.trim(), password })));
        if (step) onStep(step);
      }}
    >
      <p>The vault runs on this computer. Choose the username and password you will sign in with.</p>
      <label className="field">
        <span>Username</span>
        <input
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoComplete="username"
          required
          data-autofocus
          autoFocus
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="new-password"
          required
          aria-describedby={`${id}-rules`}
        />
      </label>
      <p id={`${id}-rules`} className="hint">
        {PASSWORD_RULES}
      </p>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create local vault'}
        </button>
      </div>
    </form>
  );
}
