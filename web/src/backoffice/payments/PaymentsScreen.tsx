import '../bo-screens.css';
import './payments.css';
import { usePageTitle } from '../../app/use-page-title';
import { DeclineReport } from './DeclineReport';
import { PaymentList } from './PaymentList';

/** Payments by status and date, and the decline report by day, decline code and bank. */
export function PaymentsScreen() {
  usePageTitle('Payments · Back office');
  return (
    <div className="bo-screen payments-screen">
      <h1>Payments</h1>
      <DeclineReport />
      <PaymentList />
    </div>
  );
}
