import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  /** 'alertdialog' for a confirmation that interrupts (delete). */
  role?: 'dialog' | 'alertdialog';
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}

/**
 * A modal dialog on the native <dialog>: the rest of the window is inert while
 * it is open, Escape closes it, and focus goes back to what opened it. The
 * first element marked data-autofocus (else the first control) gets focus.
 */
export function Dialog({ title, role = 'dialog', onClose, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCloseRef.current();
      }}
      onClose={() => {
        // The browser closed it itself (a repeated Escape): keep React's state in step.
        if (!ref.current?.open) onCloseRef.current();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
