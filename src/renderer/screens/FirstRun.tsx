import { useState } from 'react';
import type { SignInStep } from '../../shared/contract';
import { ConnectForm } from './ConnectForm';
import { TryLocalForm } from './TryLocalForm';

interface FirstRunProps {
  onStep: (step: SignInStep) => void;
  onConnected: () => void;
}

/** The first screen when no vault profile exists: try a local vault, or connect to one. */
export function FirstRun({ onStep, onConnected }: FirstRunProps) {
  const [choice, setChoice] = useState<'local' | 'connect' | undefined>();
  return (
    <section className="card first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Welcome to S3 Vault</h1>
      <p>Files are encrypted on this computer before they reach Amazon S3. Choose how to begin.</p>
      <div className="choices">
        <button
          type="button"
          aria-expanded={choice === 'local'}
          aria-controls="first-run-local"
          className={choice === 'local' ? 'choice chosen' : 'choice'}
          onClick={() => setChoice('local')}
        >
          Try a local vault
        </button>
        <button
          type="button"
          aria-expanded={choice === 'connect'}
          aria-controls="first-run-connect"
          className={choice === 'connect' ? 'choice chosen' : 'choice'}
          onClick={() => setChoice('connect')}
        >
          Connect to a vault
        </button>
      </div>
      {choice === 'local' ? <TryLocalForm id="first-run-local" onStep={onStep} /> : null}
      {choice === 'connect' ? <ConnectForm id="first-run-connect" onConnected={onConnected} /> : null}
      {!choice ? (
        <p className="hint">
          A local vault runs on this computer with an account you create now: nothing leaves the machine. Connecting
          needs the profile your vault’s administrator gave you (a file or an s3vault:// link).
        </p>
      ) : null}
    </section>
  );
}
