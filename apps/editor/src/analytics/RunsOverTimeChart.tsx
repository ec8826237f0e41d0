import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FlowAnalyticsDto, RunStatusDto } from '@moflow/api-contract';
import { statusWords } from '../runs/run-words';
import { bucketLabel } from './analytics-overlay';

const colours: Record<RunStatusDto, string> = {
  completed: '#2f9e5b', waiting: '#e0a100', running: '#4c6ef5', failed: '#d64545', expired: '#8d99a6', cancelled: '#b9c0c8',
};
const order: RunStatusDto[] = ['completed', 'waiting', 'running', 'failed', 'expired', 'cancelled'];

/** Runs started per hour or day, stacked by their status now. */
export function RunsOverTimeChart({ data }: { data: FlowAnalyticsDto }) {
  const rows = data.overTime.map((b) => ({ label: bucketLabel(b.start, data.bucket), ...b.counts }));
  return (
    <div aria-label="Runs over time" role="figure" className="chart">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={11} minTickGap={16} />
          <YAxis allowDecimals={false} fontSize={11} width={40} />
          <Tooltip />
          <Legend />
          {order.map((s) => <Bar key={s} dataKey={s} name={statusWords[s]} stackId="runs" fill={colours[s]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
