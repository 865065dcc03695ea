import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAction } from '../use-action';
import { nameProblem } from '../vault-path';

interface NameDialogProps {
  title: string;
  label: string;
  submitLabel: string;
  initialName?: string;
  /** Does the work; a thrown CallError shows in the dialog, which then stays open. */
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}

/** Asks for one name: a new folder's, or a file's new name. */
export function NameDialog({ title, label, submitLabel, initialName = '', onSubmit, onClose }: NameDialogProps) {
  const [name, setName] = useState(initialName);
  const { busy, error, run, setError } = useAction();
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        className="stack"
        onSubmit={async (event) => {
          event.preventDefault();
          const problem = nameProblem(name);
          if (problem) {
            setError({ code: 'INVALID_INPUT', message: problem });
            return;
          }
          const done = await run(async () => {
            await onSubmit(name.trim());
            return true;
          });
          if (done) onClose();
        }}
      >
        <label className="field">
          <span>{label}</span>
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            data-autofocus
            onFocus={(event) => {
              // Select the name without its extension, as Finder does.
              const dot = event.currentTarget.value.lastIndexOf('.');
              event.currentTarget.setSelectionRange(0, dot > 0 ? dot : event.currentTarget.value.length);
            }}
            spellCheck={false}
          />
        </label>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
