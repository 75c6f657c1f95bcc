import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { HistoryPoint } from '@ai-platform/plugin-compliance-common';

const LINE_COLORS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00'];

/** Props of {@link TrendChart}. */
export interface TrendChartProps {
  points: HistoryPoint[];
  frameworks: Array<{ id: string; title: string }>;
  height?: number;
}

/** Daily scores per framework as lines. */
export function TrendChart(props: TrendChartProps) {
  const byDay = new Map<string, Record<string, number | string | null>>();
  for (const p of props.points) {
    const row = byDay.get(p.day) ?? { day: p.day };
    row[p.frameworkId] = p.score;
    byDay.set(p.day, row);
  }
  const data = [...byDay.values()].sort((a, b) =>
    String(a.day).localeCompare(String(b.day)),
  );
  const present = props.frameworks.filter(f =>
    props.points.some(p => p.frameworkId === f.id),
  );
  return (
    <ResponsiveContainer width="100%" height={props.height ?? 260}>
      <LineChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis domain={[0, 100]} />
        <Tooltip />
        <Legend />
        {present.map((f, i) => (
          <Line
            key={f.id}
            type="monotone"
            dataKey={f.id}
            name={f.title}
            stroke={LINE_COLORS[i % LINE_COLORS.length]}
            dot={data.length < 40}
            connectNulls
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
