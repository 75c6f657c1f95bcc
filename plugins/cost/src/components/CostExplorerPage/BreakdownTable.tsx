import { NUMERIC_CELL } from '../shared/tableStyles';
import { useMemo } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { CostReport } from '@ai-platform/plugin-cost-common';
import { formatBucket } from '../../utils/format';
import { SPLIT_LABELS } from '../shared/SplitToggle';
import {
  formatCurrency,
  formatShare,
} from '@ai-platform/plugin-ai-platform-react';

interface Row {
  id: string;
  key: string;
  name: string;
  total: number;
  share: number;
  average: number;
  peak: number;
}

/** Props of {@link BreakdownTable}. */
export interface BreakdownTableProps {
  report: CostReport;
}

function isRef(key: string): boolean {
  return /^[a-z]+:[^/]+\/.+$/i.test(key);
}

/**
 * The report as a table: one row per split value (or per bucket without a
 * split) with total, share, average and peak per bucket. Sortable by every
 * column, searchable, filterable by name.
 */
export function BreakdownTable(props: BreakdownTableProps) {
  const { report } = props;
  const currency = report.currency;
  const split = report.splitBy;
  const rows: Row[] = useMemo(() => {
    const list = split
      ? report.series.map(s => ({
          key: s.key,
          name: s.label,
          points: s.points,
        }))
      : report.points.map(p => ({
          key: p.date,
          name: formatBucket(p.date, report.granularity),
          points: [p],
        }));
    return list.map(item => {
      const total = item.points.reduce((sum, p) => sum + p.amount, 0);
      return {
        id: item.key,
        key: item.key,
        name: item.name,
        total,
        share: report.total === 0 ? 0 : total / report.total,
        average: item.points.length === 0 ? 0 : total / item.points.length,
        peak: item.points.reduce((max, p) => Math.max(max, p.amount), 0),
      };
    });
  }, [report, split]);

  const nameTitle = split ? SPLIT_LABELS[split] : 'Period';
  const columns: TableColumn<Row>[] = [
    {
      title: nameTitle,
      field: 'name',
      highlight: true,
      render: row =>
        split && isRef(row.key) ? (
          <EntityRefLink
            entityRef={row.key}
            title={row.name === row.key ? undefined : row.name}
          />
        ) : (
          row.name
        ),
      customSort: split ? undefined : (a, b) => a.key.localeCompare(b.key),
    },
    {
      title: 'Cost',
      field: 'total',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      defaultSort: split ? 'desc' : undefined,
      render: row => formatCurrency(row.total, currency),
    },
    {
      title: 'Share',
      field: 'share',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row => formatShare(row.share, 1),
    },
  ];
  if (split) {
    columns.push(
      {
        title: `Average per ${report.granularity}`,
        field: 'average',
        type: 'numeric',
        cellStyle: NUMERIC_CELL,
        render: row => formatCurrency(row.average, currency),
      },
      {
        title: `Peak ${report.granularity}`,
        field: 'peak',
        type: 'numeric',
        cellStyle: NUMERIC_CELL,
        render: row => formatCurrency(row.peak, currency),
      },
    );
  }

  return (
    <Table<Row>
      title="Breakdown"
      subtitle={
        split
          ? `By ${SPLIT_LABELS[split].toLocaleLowerCase(
              'en-US',
            )}, largest first`
          : `By ${report.granularity}`
      }
      columns={columns}
      data={rows}
      filters={split ? [{ column: nameTitle, type: 'multiple-select' }] : []}
      options={{ paging: rows.length > 25, pageSize: 25, padding: 'dense' }}
      emptyContent={
        <Typography variant="body2" color="textSecondary" align="center">
          No cost in this range.
        </Typography>
      }
    />
  );
}
