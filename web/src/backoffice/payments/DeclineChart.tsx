import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { declineChartData, type DeclineGroup, type StackBy } from './decline-chart-data';

const COLORS = ['#2f6fdf', '#d1495b', '#edae49', '#00798c', '#66a182', '#8d5a97', '#f08a4b', '#3d405b'];

/** Declines per day as stacked bars, one colour per decline code or per bank. */
export function DeclineChart({ groups, days, stackBy }: { groups: DeclineGroup[]; days: string[]; stackBy: StackBy }) {
  const { keys, rows } = declineChartData(groups, days, stackBy);
  return (
    <figure className="bo-chart" aria-label={`Declines per day by ${stackBy === 'bank' ? 'bank' : 'decline code'}`}>
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {keys.map((key, index) => (
            <Bar key={key} dataKey={key} stackId="declines" fill={COLORS[index % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
