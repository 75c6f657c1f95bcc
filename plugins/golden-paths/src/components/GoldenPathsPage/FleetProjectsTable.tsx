import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import { FleetProject, FleetTemplate, UpgradeState } from '../../fleet/types';
import { scaffolderTaskRouteRef } from '../../routes';
import { wholeWordsCell } from '@ai-platform/plugin-ai-platform-react';

/** A row of the table: a project with its template. */
type Row = FleetProject & { template: FleetTemplate; id: string };

const STATUS_LABELS: Record<FleetProject['status']['kind'], string> = {
  'up-to-date': 'Up to date',
  behind: 'Behind',
  'template-missing': 'Template not in the catalog',
  'template-unversioned': 'Template has no version',
};

const UPGRADE_LABELS: Record<UpgradeState, string> = {
  running: 'Running',
  'awaiting-review': 'Branch awaiting review',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Props of {@link FleetProjectsTable}. */
export interface FleetProjectsTableProps {
  templates: FleetTemplate[];
  /** False when the scaffolder's tasks could not be read: no upgrade column. */
  showUpgrades: boolean;
}

/** Every project made from a suite template: its version, status and open upgrade. */
export function FleetProjectsTable(props: FleetProjectsTableProps) {
  const taskRoute = useRouteRef(scaffolderTaskRouteRef);
  const rows: Row[] = props.templates.flatMap(template =>
    template.projects.map(p => ({ ...p, template, id: p.entityRef })),
  );
  const columns: TableColumn<Row>[] = [
    {
      title: 'Project',
      field: 'entityRef',
      highlight: true,
      render: row => (
        <EntityRefLink entityRef={row.entityRef} title={row.title} />
      ),
    },
    { title: 'Template', field: 'template.name' },
    {
      title: 'Owner',
      field: 'owners',
      cellStyle: wholeWordsCell,
      render: row =>
        row.owners.length === 0
          ? '—'
          : row.owners.map((o, i) => (
              <span key={o}>
                {i > 0 && ', '}
                <EntityRefLink entityRef={o} defaultKind="group" />
              </span>
            )),
      customFilterAndSearch: (term: string, row: Row) =>
        row.owners.some(o => o.includes(term.toLowerCase())),
    },
    { title: 'Version', field: 'version', emptyValue: 'not recorded' },
    {
      title: 'Template version',
      field: 'template.currentVersion',
      emptyValue: '—',
    },
    {
      title: 'Status',
      field: 'status.kind',
      render: row => (
        <Chip
          size="small"
          label={STATUS_LABELS[row.status.kind]}
          color={row.status.kind === 'behind' ? 'secondary' : 'default'}
          variant={row.status.kind === 'up-to-date' ? 'outlined' : 'default'}
        />
      ),
      customFilterAndSearch: (term: string, row: Row) =>
        STATUS_LABELS[row.status.kind]
          .toLowerCase()
          .includes(term.toLowerCase()),
    },
  ];
  if (props.showUpgrades) {
    columns.push({
      title: 'Upgrade',
      field: 'upgrade.state',
      emptyValue: '—',
      render: row => {
        if (!row.upgrade) return '—';
        const label = UPGRADE_LABELS[row.upgrade.state];
        return taskRoute ? (
          <Link to={taskRoute({ taskId: row.upgrade.taskId })}>{label}</Link>
        ) : (
          label
        );
      },
    });
  }
  return (
    <Table<Row>
      title="Projects"
      options={{ paging: rows.length > 20, pageSize: 20, padding: 'dense' }}
      columns={columns}
      data={rows}
    />
  );
}
