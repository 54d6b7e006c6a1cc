import { useMutation } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { ConfirmButton } from '../ConfirmButton';
import { DisableAccountMutation, EnableAccountMutation } from './staff-operations';

/**
 * Disables a staff account (it is signed out everywhere at once and cannot sign in) or enables it
 * again. An admin's own account has no button: the API refuses that anyway.
 */
export function AccountAccessButton({ account, own }: { account: { id: string; name: string; disabled: boolean }; own: boolean }) {
  const [disable, disabling] = useMutation(DisableAccountMutation);
  const [enable, enabling] = useMutation(EnableAccountMutation);
  const error = disabling.error ?? enabling.error;
  if (own) return <span className="muted">You</span>;
  return (
    <>
      {account.disabled ? (
        <button type="button" className="button" disabled={enabling.loading} onClick={() => void enable({ variables: { userId: account.id } }).catch(() => {})} aria-label={`Enable ${account.name}`}>
          Enable
        </button>
      ) : (
        <ConfirmButton
          label="Disable"
          question={`Sign ${account.name} out everywhere and stop them signing in?`}
          confirmLabel="Disable"
          disabled={disabling.loading}
          onConfirm={() => void disable({ variables: { userId: account.id } }).catch(() => {})}
        />
      )}
      {error && <ErrorMessage error={error} onDismiss={() => (disabling.error ? disabling.reset() : enabling.reset())} />}
    </>
  );
}
