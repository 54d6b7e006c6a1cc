import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../shared/ErrorMessage';

/** Input the form itself cannot send (e.g. an amount that is not a number); the API judges everything else. */
export class InputError extends Error {}

/**
 * An action that asks before it runs: the first button opens a confirm step (with any inputs
 * the action needs), "Confirm" runs it, "Back" leaves it. A refusal from the API stays on
 * screen in words until the next try or "Back".
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  run,
  children,
  danger = false,
  onOpen,
}: {
  /** The button that starts the action, e.g. "Ship". */
  label: string;
  /** What is about to happen, as a question. */
  question: ReactNode;
  confirmLabel: string;
  /** Does the action; rejects with the API's error when refused. */
  run: () => Promise<unknown>;
  /** Inputs of the confirm step. */
  children?: ReactNode;
  danger?: boolean;
  /** Called when the confirm step opens, e.g. to prefill its inputs. */
  onOpen?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useRef<HTMLFormElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  // Keyboard users land in the step that opened (its first input, else "Confirm"), and back on
  // the button that opened it when it closes.
  useEffect(() => {
    if (open) form.current?.querySelector<HTMLElement>('input, select, textarea, button[type="submit"]')?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run();
      setOpen(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button
        ref={opener}
        type="button"
        className={danger ? 'button console-danger' : 'button'}
        onClick={() => {
          onOpen?.();
          setError(null);
          setOpen(true);
        }}
      >
        {label}…
      </button>
    );
  }
  return (
    <form
      ref={form}
      className="confirm-step"
      onSubmit={confirm}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !busy) setOpen(false);
      }}
      aria-label={`${label}: confirm`}
      noValidate
    >
      {children}
      <p className="confirm-question">{question}</p>
      <div className="confirm-buttons">
        <button type="submit" className={danger ? 'button console-danger-solid' : 'button primary'} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => setOpen(false)}>
          Back
        </button>
      </div>
      {error instanceof InputError ? (
        <div className="error" role="alert">
          <p className="error-title">Check the form</p>
          <p className="error-detail">{error.message}</p>
        </div>
      ) : error ? (
        <ErrorMessage error={error} />
      ) : null}
    </form>
  );
}
