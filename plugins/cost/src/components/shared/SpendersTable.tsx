import { NUMERIC_CELL } from './tableStyles';
import { ReactNode } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { TopSpender } from '@ai-platform/plugin-cost-common';
import {
  formatChangeRatio,
  formatCurrency,
} from '@ai-platform/plugin-ai-platform-react';

/** A row of {@link SpendersTable}, with optional extra cells. */
export interface SpenderRow extends TopSpender {
  id: string;
  change: number | null;
  extra?: Record<string, ReactNode>;
}

/** Props of {@link SpendersTable}. */
export interface SpendersTableProps {
  /** The heading of the first column: `Service`, `Team`, `Entity`. */
  title: string;
  items: TopSpender[];
  currency: string;
  emptyText: string;
  /** How to show the first cell; the label by default. */
  renderName?(item: TopSpender): ReactNode;
  /** More columns, such as the owner of an entity. */
  extraColumns?: TableColumn<SpenderRow>[];
  /** Show a search box and filters (for long lists). */
  searchable?: boolean;
}

/**
 * The top spenders with their spend, the previous period's and the change;
 * sortable by every column.
 */
export function SpendersTable(props: SpendersTableProps) {
  const {
    title,
    items,
    currency,
    emptyText,
    renderName,
    extraColumns = [],
    searchable = false,
  } = props;
  const rows: SpenderRow[] = items.map(item => ({
    ...item,
    id: item.key,
    change:
      item.previousAmount === 0
        ? null
        : (item.amount - item.previousAmount) / item.previousAmount,
  }));
  const columns: TableColumn<SpenderRow>[] = [
    {
      title,
      field: 'label',
      highlight: true,
      render: row => (renderName ? renderName(row) : row.label),
    },
    ...extraColumns,
    {
      title: 'Spend',
      field: 'amount',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      defaultSort: 'desc',
      render: row => formatCurrency(row.amount, currency),
    },
    {
      title: 'Before',
      field: 'previousAmount',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row => formatCurrency(row.previousAmount, currency),
    },
    {
      title: 'Change',
      field: 'change',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row =>
        row.change === null ? 'new' : formatChangeRatio(row.change),
    },
  ];
  return (
    <Table<SpenderRow>
      columns={columns}
      data={rows}
      options={{
        paging: false,
        search: searchable,
        toolbar: searchable,
        padding: 'dense',
      }}
      emptyContent={
        <Typography variant="body2" color="textSecondary" align="center">
          {emptyText}
        </Typography>
      }
    />
  );
}
