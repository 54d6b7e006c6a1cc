import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock } from './labels';

interface Bucket {
  start: string;
  ordersPlaced: number;
}

/** Orders placed per step of a window, oldest first; the figures beside it are the accessible version. */
export default function OrdersChart({ buckets, step, label }: { buckets: readonly Bucket[]; step: 'minute' | 'hour'; label: string }) {
  const data = buckets.map((bucket) => ({ time: formatClock(bucket.start), orders: bucket.ordersPlaced }));
  return (
    <div className="dashboard-chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -24 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="time" interval={step === 'minute' ? 14 : 5} tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(value) => [value, 'Orders']} isAnimationActive={false} />
          <Bar dataKey="orders" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
