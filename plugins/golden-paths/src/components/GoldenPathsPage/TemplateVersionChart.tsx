import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { FleetTemplate } from '../../fleet/types';

const CURRENT_COLOR = '#2e7d32';
const BEHIND_COLORS = ['#ef6c00', '#f9a825', '#c62828', '#6d4c41'];

/** Props of {@link TemplateVersionChart}. */
export interface TemplateVersionChartProps {
  templates: FleetTemplate[];
}

/**
 * One stacked bar per template: its projects by the version they are on,
 * the template's current version in green and older ones in warm colours.
 */
export function TemplateVersionChart(props: TemplateVersionChartProps) {
  const rows = props.templates.filter(t => t.projects.length > 0);
  const versions = [
    ...new Set(rows.flatMap(t => t.versions.map(v => v.version))),
  ].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const data = rows.map(t => {
    const row: Record<string, string | number> = { template: t.name };
    for (const v of t.versions) row[v.version] = v.count;
    return row;
  });
  return (
    <ResponsiveContainer
      width="100%"
      height={Math.max(120, rows.length * 48 + 60)}
    >
      <BarChart
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 24, bottom: 8, left: 24 }}
        accessibilityLayer
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="template" width={160} />
        <Tooltip />
        {versions.map((version, i) => (
          <Bar
            key={version}
            dataKey={version}
            name={`version ${version}`}
            stackId="versions"
            isAnimationActive={false}
          >
            {rows.map(t => (
              <Cell
                key={t.templateRef}
                fill={
                  t.currentVersion === version
                    ? CURRENT_COLOR
                    : BEHIND_COLORS[i % BEHIND_COLORS.length]
                }
              />
            ))}
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
