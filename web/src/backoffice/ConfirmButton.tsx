import { useState, type ReactNode } from 'react';

/**
 * A button for a change that cannot be taken back: the first click asks, in words, what will
 * happen; only "Yes" does it.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel = 'Yes',
  onConfirm,
  disabled,
  className = 'button',
}: {
  label: ReactNode;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="bo-confirm" role="group" aria-label="Confirm">
      <span>{question}</span>
      <button
        type="button"
        className="button primary"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
