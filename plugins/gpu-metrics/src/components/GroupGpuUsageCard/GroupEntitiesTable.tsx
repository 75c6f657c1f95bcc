import { useMemo } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { GroupEntityUsage } from '../../api';
import {
  formatNumber,
  formatPercent,
  wholeWordsCell,
} from '@ai-platform/plugin-ai-platform-react';

/** Props of {@link GroupEntitiesTable}. */
export interface GroupEntitiesTableProps {
  entities: GroupEntityUsage[];
}

const columns: TableColumn<GroupEntityUsage>[] = [
  {
    title: 'Entity',
    field: 'entityRef',
    cellStyle: wholeWordsCell,
    render: row => <EntityRefLink entityRef={row.entityRef} />,
  },
  {
    title: 'GPUs held',
    field: 'gpusHeld',
    type: 'numeric',
  },
  {
    title: 'Mean utilisation',
    field: 'utilisationMean',
    type: 'numeric',
    render: row => formatPercent(row.utilisationMean),
  },
  {
    title: 'Idle GPU-hours',
    field: 'idleGpuHours',
    type: 'numeric',
    defaultSort: 'desc',
    render: row => formatNumber(row.idleGpuHours),
  },
];

/** The entities a group owns, most idle GPU-hours first. */
export function GroupEntitiesTable(props: GroupEntitiesTableProps) {
  const { entities } = props;
  const rows = useMemo(
    () => [...entities].sort((a, b) => b.idleGpuHours - a.idleGpuHours),
    [entities],
  );
  return (
    <Table<GroupEntityUsage>
      title="GPU usage by entity"
      columns={columns}
      data={rows}
      options={{
        search: false,
        paging: rows.length > 10,
        pageSize: 10,
        padding: 'dense',
      }}
    />
  );
}
