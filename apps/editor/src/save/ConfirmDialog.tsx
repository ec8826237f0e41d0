import { useEffect, useId, useRef, type ReactNode } from 'react';

/** The app's own yes/no question (not the browser's `confirm()`): Escape or Cancel says no. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }: {
  title: string; children?: ReactNode; confirmLabel: string; onConfirm: () => void; onCancel: () => void;
}) {
  const id = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  useEffect(() => {
    confirmRef.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') cancel.current(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        <div className="row">
          <button type="button" className="primary" ref={confirmRef} onClick={onConfirm}>{confirmLabel}</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
