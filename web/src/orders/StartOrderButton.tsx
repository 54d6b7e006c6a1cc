import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import { navigate } from '../app/router';
import { paths } from '../app/routes';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shared/ErrorMessage';
import { setCurrentOrderId } from './current-order';

const StartOrderMutation = graphql(`
  mutation StartOrder {
    createOrder {
      ...OrderFields
    }
  }
`);

export function StartOrderButton({ label = 'Start order', primary = true }: { label?: string; primary?: boolean }) {
  const signedIn = useSession() !== null;
  const [createOrder, { loading, error, reset }] = useMutation(StartOrderMutation);

  async function start() {
    // Orders belong to an account: a visitor signs in (or up) first and comes back to the catalog.
    if (!signedIn) {
      navigate(paths.signIn({ next: paths.catalog(), notice: 'order' }));
      return;
    }
    try {
      const { data } = await createOrder();
      if (data) setCurrentOrderId(data.createOrder.id);
    } catch {
      // shown below from the mutation's error state
    }
  }

  return (
    <div className="start-order">
      <button type="button" className={primary ? 'button primary' : 'button'} onClick={start} disabled={loading}>
        {loading ? 'Starting…' : label}
      </button>
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </div>
  );
}
