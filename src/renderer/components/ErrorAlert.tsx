import type { ActionError } from '../use-action';

/** A heading for the errors a person can act on; the message itself comes from main, written for people. */
const TITLES: Record<string, string> = {
  ACCESS_DENIED: 'Not allowed',
  NETWORK: 'Cannot reach the vault',
  TAMPERED: 'The file failed its integrity check',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Already there',
  UNAVAILABLE: 'Not available here',
};

interface ErrorAlertProps {
  error: ActionError | undefined;
  onDismiss?: () => void;
}

export function ErrorAlert({ error, onDismiss }: ErrorAlertProps) {
  if (!error) return null;
  const title = TITLES[error.code];
  return (
    <div role="alert" className="alert">
      <span>
        {title ? <strong>{title}. </strong> : null}
        {error.message}
      </span>
      {onDismiss ? (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
