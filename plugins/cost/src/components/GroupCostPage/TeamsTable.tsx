import { NAME_CELL, NUMERIC_CELL } from '../shared/tableStyles';
import { useMemo } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { BudgetStatus, CostReport } from '@ai-platform/plugin-cost-common';
import {
  formatCurrency,
  formatShare,
} from '@ai-platform/plugin-ai-platform-react';

interface TeamRow {
  id: string;
  key: string;
  team: string;
  total: number;
  share: number;
  latest: number;
  budget: number | null;
  forecast: number | null;
  budgetState: string;
}

/** Props of {@link TeamsTable}. */
export interface TeamsTableProps {
  report: CostReport;
  budgets: BudgetStatus[];
  loadingBudgets: boolean;
}

const LATEST: Record<CostReport['granularity'], string> = {
  day: 'Latest day',
  week: 'Latest week',
  month: 'Latest month',
};

/**
 * The group's child teams: spend in the range, share, the latest bucket and
 * the monthly budget with its forecast. Sortable, searchable, filterable by
 * budget state.
 */
export function TeamsTable(props: TeamsTableProps) {
  const { report, budgets, loadingBudgets } = props;
  const currency = report.currency;
  const rows: TeamRow[] = useMemo(() => {
    const byGroup = new Map(budgets.map(b => [b.groupRef, b]));
    return report.series.map(s => {
      const budget = byGroup.get(s.key);
      let budgetState = 'No budget';
      if (budget)
        budgetState = budget.overBudget ? 'Over budget' : 'Within budget';
      return {
        id: s.key,
        key: s.key,
        team: s.label,
        total: s.total,
        share: report.total === 0 ? 0 : s.total / report.total,
        latest: s.points[s.points.length - 1]?.amount ?? 0,
        budget: budget?.amount ?? null,
        forecast: budget?.forecast ?? null,
        budgetState,
      };
    });
  }, [report, budgets]);

  const columns: TableColumn<TeamRow>[] = [
    {
      title: 'Team',
      field: 'team',
      highlight: true,
      cellStyle: NAME_CELL,
      render: row =>
        row.key.startsWith('group:') ? (
          <EntityRefLink entityRef={row.key} title={row.team} />
        ) : (
          row.team
        ),
    },
    {
      title: 'Spend',
      field: 'total',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      defaultSort: 'desc',
      render: row => formatCurrency(row.total, currency),
    },
    {
      title: 'Share',
      field: 'share',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row => formatShare(row.share, 1),
    },
    {
      title: LATEST[report.granularity],
      field: 'latest',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row => formatCurrency(row.latest, currency),
    },
    {
      title: 'Monthly budget',
      field: 'budget',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row => {
        if (row.budget !== null) return formatCurrency(row.budget, currency);
        return loadingBudgets ? '…' : '—';
      },
    },
    {
      title: 'Forecast this month',
      field: 'forecast',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row =>
        row.forecast === null ? '—' : formatCurrency(row.forecast, currency),
    },
    { title: 'Budget', field: 'budgetState' },
  ];

  return (
    <Table<TeamRow>
      title="Teams"
      subtitle="Spend of each child team in the range, largest first"
      columns={columns}
      data={rows}
      filters={[{ column: 'Budget', type: 'multiple-select' }]}
      options={{ paging: rows.length > 20, pageSize: 20, padding: 'dense' }}
      emptyContent={
        <Typography variant="body2" color="textSecondary" align="center">
          This group has no child teams with cost in the range.
        </Typography>
      }
    />
  );
}
