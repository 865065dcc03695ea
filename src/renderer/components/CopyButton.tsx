import { useState } from 'react';
import { copyText } from '../copy-text';

interface CopyButtonProps {
  text: string;
  label: string;
}

/** Copies text through the host's clipboard (or the page's, where the host cannot) and says so. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [outcome, setOutcome] = useState<string>('');
  return (
    <>
      <button
        type="button"
        onClick={async () => {
          setOutcome((await copyText(text)) ? 'Copied.' : 'Could not copy: select the text and copy it.');
        }}
      >
        {label}
      </button>
      <span role="status" className="hint copy-status">
        {outcome}
      </span>
    </>
  );
}
