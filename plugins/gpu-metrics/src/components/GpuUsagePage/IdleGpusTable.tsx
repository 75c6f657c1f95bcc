import { useMemo } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { IdleGpu } from '../../api';
import {
  formatNumber,
  wholeWordsCell,
} from '@ai-platform/plugin-ai-platform-react';

/** An idle GPU as a table row, with the text that search and filters use. */
interface IdleGpuRow extends IdleGpu {
  id: string;
  node: string;
  workload: string;
  owner: string;
  teamName: string;
}

function nameOf(ref: string | undefined): string {
  if (!ref) return '';
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

const columns: TableColumn<IdleGpuRow>[] = [
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'GPU',
    field: 'node',
    render: row => (
      <>
        {row.node}
        <Typography variant="caption" display="block" color="textSecondary">
          {row.modelName}
        </Typography>
      </>
    ),
  },
  { title: 'GPU model', field: 'modelName', hidden: true },
  { title: 'Workload', field: 'workload' },
  {
    title: 'Owner',
    field: 'owner',
    cellStyle: wholeWordsCell,
    render: row =>
      row.entityRef ? <EntityRefLink entityRef={row.entityRef} /> : '—',
  },
  {
    title: 'Team',
    field: 'teamName',
    cellStyle: wholeWordsCell,
    render: row =>
      row.team ? (
        <EntityRefLink entityRef={row.team} defaultKind="group" />
      ) : (
        '—'
      ),
  },
  {
    title: 'Idle hours',
    field: 'idleHours',
    type: 'numeric',
    render: row => formatNumber(row.idleHours),
  },
  {
    title: 'Wasted GPU-hours',
    field: 'wastedGpuHours',
    type: 'numeric',
    defaultSort: 'desc',
    render: row => formatNumber(row.wastedGpuHours),
  },
];

/** Props of {@link IdleGpusTable}. */
export interface IdleGpusTableProps {
  idle: IdleGpu[];
}

/**
 * GPUs held but idle, most wasted GPU-hours first, with the owning entity and
 * team. Sortable by every column, searchable, filterable by cluster and team.
 */
export function IdleGpusTable(props: IdleGpusTableProps) {
  const { idle } = props;
  const rows: IdleGpuRow[] = useMemo(
    () =>
      [...idle]
        .sort((a, b) => b.wastedGpuHours - a.wastedGpuHours)
        .map(g => ({
          ...g,
          id: g.uuid,
          node: `${g.hostname} / GPU ${g.gpu}`,
          workload: `${g.namespace}/${g.pod}`,
          owner: nameOf(g.entityRef),
          teamName: nameOf(g.team),
        })),
    [idle],
  );

  return (
    <Table<IdleGpuRow>
      title="Idle GPUs"
      subtitle="Allocated to a pod but not used, most wasted GPU-hours first"
      columns={columns}
      data={rows}
      filters={[
        { column: 'Cluster', type: 'multiple-select' },
        { column: 'Team', type: 'multiple-select' },
      ]}
      options={{ paging: rows.length > 20, pageSize: 20, padding: 'dense' }}
      emptyContent={
        <Typography variant="body2" color="textSecondary" align="center">
          No idle GPUs in this window.
        </Typography>
      }
    />
  );
}
