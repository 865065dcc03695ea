import { useState } from 'react';
import type { SignInStep } from '../../shared/contract';
import { call } from '../call';
import { ErrorAlert } from '../components/ErrorAlert';
import type { PendingStep } from '../session/use-session';
import { useAction } from '../use-action';
import { vault } from '../vault';
import { PASSWORD_RULES } from './password-rules';
import { TotpSetup } from './TotpSetup';

interface ChallengeFormProps {
  step: PendingStep;
  onStep: (step: SignInStep) => void;
}

/** The next sign-in step the user pool asks for: a new password, or a six-digit code (first set up if needed). */
export function ChallengeForm({ step, onStep }: ChallengeFormProps) {
  const [answer, setAnswer] = useState('');
  const { busy, error, run, setError } = useAction();
  const wantsCode = step.kind !== 'new-password-required';

  return (
    <form
      className="stack"
      onSubmit={async (event) => {
        event.preventDefault();
        if (wantsCode && !/^\d{6}$/.test(answer)) {
          setError({ code: 'INVALID_INPUT', message: 'The authentication code is six digits.' });
          return;
        }
        const next = await run(() => call(vault.auth.respond({ answer })));
        if (next) {
          setAnswer('');
          onStep(next);
        }
      }}
    >
      {step.kind === 'new-password-required' ? (
        <>
          <p>Your account needs a new password before you continue.</p>
          <label className="field">
            <span>New password</span>
            <input
              type="password"
              value={answer}
              onChange={(event) => setAnswer(event.target.value)}
              autoComplete="new-password"
              required
              autoFocus
              aria-describedby="new-password-rules"
            />
          </label>
          <p id="new-password-rules" className="hint">
            {PASSWORD_RULES}
          </p>
        </>
      ) : (
        <>
          {step.kind === 'totp-setup-required' ? (
            <TotpSetup otpauthUri={step.otpauthUri} secretCode={step.secretCode} />
          ) : (
            <p>Enter the six-digit code from your authenticator app.</p>
          )}
          <label className="field field-narrow">
            <span>Authentication code</span>
            <input
              value={answer}
              onChange={(event) => setAnswer(event.target.value.replace(/\D/g, '').slice(0, 6))}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              autoFocus
              className="code-input"
            />
          </label>
        </>
      )}
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {step.kind === 'new-password-required' ? 'Set password' : 'Verify'}
        </button>
      </div>
    </form>
  );
}
