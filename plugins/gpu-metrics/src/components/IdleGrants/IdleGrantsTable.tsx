import { useMemo, useState } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  GpuProvisioningApi,
  IdleGrant,
} from '@ai-platform/plugin-gpu-provisioning-react';
import {
  describeError,
  wholeWordsCell,
} from '@ai-platform/plugin-ai-platform-react';
import {
  formatGrantUnits,
  formatIdleHours,
  formatMoney,
  grantSubject,
  idleStateOf,
  refName,
} from './idleGrantText';
import { KeepGrantDialog } from './KeepGrantDialog';
import { ReleaseGrantDialog } from './ReleaseGrantDialog';
import { ShrinkGrantDialog } from './ShrinkGrantDialog';

/** An idle grant as a table row, with the text that search and sorting use. */
interface IdleGrantRow extends IdleGrant {
  id: string;
  teamName: string;
  units: string;
  state: string;
  idleCostPerDayValue: number;
}

type OpenDialog = { kind: 'shrink' | 'release' | 'keep'; grant: IdleGrant };

/** Where a grant's GPUs are, the second line of its GPUs cell: "H100 80GB on gpu-a". */
function placeOf(grant: IdleGrant, classNames: Record<string, string>): string {
  return `${classNames[grant.gpuClass] ?? grant.gpuClass} on ${grant.cluster}`;
}

/** Whether the table's search text occurs in any of a cell's lines, as the user reads them. */
function cellMatches(term: string, ...lines: string[]): boolean {
  const wanted = term.toLowerCase();
  return lines.some(line => line.toLowerCase().includes(wanted));
}

/** Props of {@link IdleGrantsTable}. */
export interface IdleGrantsTableProps {
  api: GpuProvisioningApi;
  grants: IdleGrant[];
  /** Display names of the GPU classes by id. */
  classNames: Record<string, string>;
  /** Called after an action succeeded, to read the grants again. */
  onChanged(): void;
}

/**
 * Active GPU grants with how long they have been idle and what that costs
 * per day, where the idle policy stands with each, and the actions on them:
 * notify the team, shrink, release, keep. Whether the user may act is the
 * backend's decision; a refusal shows its message.
 */
export function IdleGrantsTable(props: IdleGrantsTableProps) {
  const { api, grants, classNames, onChanged } = props;
  const alertApi = useApi(alertApiRef);
  const [dialog, setDialog] = useState<OpenDialog>();
  const [notifying, setNotifying] = useState<string>();

  const rows: IdleGrantRow[] = useMemo(() => {
    const now = Date.now();
    return grants.map(g => ({
      ...g,
      id: g.requestId,
      teamName: refName(g.team),
      units: formatGrantUnits(g.count, g.migProfile),
      state: idleStateOf(g, now),
      idleCostPerDayValue: Number(g.idleCostPerDay),
    }));
  }, [grants]);

  const succeeded = (message: string) => {
    setDialog(undefined);
    alertApi.post({ message, severity: 'success', display: 'transient' });
    onChanged();
  };

  const notify = async (grant: IdleGrant) => {
    setNotifying(grant.requestId);
    try {
      const notice = await api.notifyIdle(grant.requestId);
      alertApi.post({
        message: `Notified ${notice.recipients
          .map(refName)
          .join(', ')}: ${grantSubject(grant)} idle for ${formatIdleHours(
          notice.idleHours,
        )}, ${formatMoney(notice.idleCostPerDay)} per day`,
        severity: 'success',
        display: 'transient',
      });
    } catch (e) {
      const { title, message } = describeError(e);
      alertApi.post({ message: `${title}: ${message}`, severity: 'error' });
    } finally {
      setNotifying(undefined);
    }
  };

  const columns: TableColumn<IdleGrantRow>[] = [
    {
      title: 'Team',
      field: 'teamName',
      cellStyle: wholeWordsCell,
      render: row => <EntityRefLink entityRef={row.team} defaultKind="group" />,
    },
    {
      title: 'GPUs held',
      field: 'units',
      render: row => (
        <>
          {row.units}
          <Typography variant="caption" display="block" color="textSecondary">
            {placeOf(row, classNames)}
          </Typography>
        </>
      ),
      // Search finds a grant by its class and cluster, the cell's second line.
      customFilterAndSearch: (term: string, row) =>
        cellMatches(term, row.units, placeOf(row, classNames)),
    },
    {
      title: 'Idle hours',
      field: 'idleHours',
      type: 'numeric',
      defaultSort: 'desc',
      // The idle policy's verdict under the hours it is about: one column
      // less, so the table fits a card on a team's page.
      render: row => (
        <>
          {formatIdleHours(row.idleHours)}
          <Typography variant="caption" display="block" color="textSecondary">
            {row.state}
          </Typography>
        </>
      ),
      // and by where the idle policy stands ("kept", "warned"), under the hours.
      customFilterAndSearch: (term: string, row) =>
        cellMatches(term, formatIdleHours(row.idleHours), row.state),
    },
    {
      title: 'Idle cost per day',
      field: 'idleCostPerDayValue',
      type: 'numeric',
      render: row => formatMoney(row.idleCostPerDay),
    },
    {
      title: 'Actions',
      sorting: false,
      searchable: false,
      cellStyle: { whiteSpace: 'nowrap' },
      render: row => {
        const subject = grantSubject(row);
        // Stacked, so the table fits a card on a team's page: in a row the
        // buttons ran past the card's edge.
        return (
          <Box
            display="flex"
            flexDirection="column"
            alignItems="flex-start"
            gridGap={2}
          >
            <Button
              size="small"
              aria-label={`Notify team about ${subject}`}
              disabled={notifying === row.requestId}
              onClick={() => notify(row)}
            >
              Notify team
            </Button>
            {row.count > 1 && (
              <Button
                size="small"
                aria-label={`Shrink ${subject}`}
                onClick={() => setDialog({ kind: 'shrink', grant: row })}
              >
                Shrink…
              </Button>
            )}
            <Button
              size="small"
              color="secondary"
              aria-label={`Release ${subject}`}
              onClick={() => setDialog({ kind: 'release', grant: row })}
            >
              Release
            </Button>
            <Button
              size="small"
              color="primary"
              aria-label={`Keep ${subject}`}
              onClick={() => setDialog({ kind: 'keep', grant: row })}
            >
              Keep…
            </Button>
          </Box>
        );
      },
    },
  ];

  const close = () => setDialog(undefined);
  return (
    <>
      <Table<IdleGrantRow>
        title="Idle GPU grants"
        subtitle="Active grants, most idle first, with what their idle GPUs cost per day"
        columns={columns}
        data={rows}
        options={{ paging: rows.length > 20, pageSize: 20, padding: 'dense' }}
        emptyContent={
          <Typography variant="body2" color="textSecondary" align="center">
            No active GPU grants that you may see.
          </Typography>
        }
      />
      {dialog?.kind === 'release' && (
        <ReleaseGrantDialog
          grant={dialog.grant}
          onClose={close}
          onRelease={async () => {
            await api.releaseRequest(dialog.grant.requestId);
            succeeded(`Released ${grantSubject(dialog.grant)}`);
          }}
        />
      )}
      {dialog?.kind === 'shrink' && (
        <ShrinkGrantDialog
          grant={dialog.grant}
          onClose={close}
          onShrink={async count => {
            const shrunk = await api.shrinkRequest(dialog.grant.requestId, {
              count,
            });
            succeeded(
              `${refName(dialog.grant.team)}'s grant on ${
                dialog.grant.cluster
              } now holds ${formatGrantUnits(shrunk.count, shrunk.migProfile)}`,
            );
          }}
        />
      )}
      {dialog?.kind === 'keep' && (
        <KeepGrantDialog
          grant={dialog.grant}
          onClose={close}
          onKeep={async hours => {
            await api.keepRequest(dialog.grant.requestId, { hours });
            succeeded(`Kept ${grantSubject(dialog.grant)} for ${hours} hours`);
          }}
        />
      )}
    </>
  );
}
