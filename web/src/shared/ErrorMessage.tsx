import { describeError } from './describe-error';

/** An API error, announced to screen readers as it appears. */
export function ErrorMessage({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const { title, detail, code } = describeError(error);
  return (
    <div className="error" role="alert" data-code={code}>
      <p className="error-title">{title}</p>
      <p className="error-detail">{detail}</p>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
