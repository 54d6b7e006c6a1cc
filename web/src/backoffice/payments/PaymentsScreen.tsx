import '../bo-screens.css';
import './payments.css';
import { useScreenTitle } from '../screen-title';
import { DeclineReport } from './DeclineReport';
import { PaymentList } from './PaymentList';

/** Payments by status and date, and the decline report by day, decline code and bank. */
export function PaymentsScreen() {
  useScreenTitle('Payments');
  return (
    <div className="bo-screen payments-screen">
      <h1>Payments</h1>
      <DeclineReport />
      <PaymentList />
    </div>
  );
}
