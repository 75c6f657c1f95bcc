import { ReactNode, useMemo, useState } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  GpuRequest,
  GpuRequestStatus,
  QUOTA_HOLDING_STATUSES,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import { entityName, formatGpu } from '../../utils/format';
import {
  isWaitingForWindow,
  StatusChip,
  statusLabelOf,
} from '../shared/StatusChip';
import { formatStartsIn, windowOf } from '../../utils/schedule';
import { useNow } from '../shared/useNow';
import { ExtendDialog } from './ExtendDialog';
import { HowToUseDialog } from './HowToUseDialog';
import { QueuePositionLine } from '../QueuePosition';
import { ReleaseDialog } from './ReleaseDialog';
import {
  formatNumber,
  formatTimeLeft,
  msUntil,
} from '@ai-platform/plugin-ai-platform-react';

/** A request as a table row, with the text the filters and search use. */
interface RequestRow extends GpuRequest {
  statusLabel: string;
  teamName: string;
  gpu: string;
  timeLeft: string;
}

const EXTENDABLE: GpuRequestStatus[] = ['active', 'namespace-missing'];

/**
 * Whether a request's booked window is still ahead of it. A booking that
 * was cancelled, refused or ended will never start, whatever its `startAt`.
 */
function startsLater(request: GpuRequest, now: number): boolean {
  return (
    QUOTA_HOLDING_STATUSES.includes(request.status) &&
    Boolean(request.startAt) &&
    Date.parse(request.startAt!) > now
  );
}

/** Until a booked window starts, or how long a grant has left. */
function timeLeftOf(request: GpuRequest, now: number): string {
  if (startsLater(request, now)) {
    return formatStartsIn(request.startAt!, now);
  }
  return QUOTA_HOLDING_STATUSES.includes(request.status)
    ? formatTimeLeft(request.expiresAt, now)
    : '—';
}

/** The release button's word: withdraw a request, cancel a booking, release a grant. */
function releaseLabelOf(request: GpuRequest, now: number): string {
  if (request.status === 'pending-approval') return 'Withdraw';
  return isWaitingForWindow(request, now) ? 'Cancel booking' : 'Release';
}

type DialogState =
  | { kind: 'extend'; request: GpuRequest }
  | { kind: 'release'; request: GpuRequest }
  | { kind: 'howto'; request: GpuRequest };

/** Props of {@link RequestsTable}. */
export interface RequestsTableProps {
  title: string;
  requests: GpuRequest[];
  /** GPU class ids to display names. */
  classNames?: Record<string, string>;
  loading?: boolean;
  /** Called after a request changed, to reload the list. */
  onChanged(): void;
  /** Shown instead of the table body when there are no requests. */
  emptyContent?: ReactNode;
}

/**
 * Requests with their status, GPUs, time left (live) and namespace, and the
 * actions on them: extend, release, and how to use the grant.
 */
export function RequestsTable(props: RequestsTableProps) {
  const { title, requests, classNames, loading, onChanged, emptyContent } =
    props;
  const api = useApi(gpuProvisioningApiRef);
  const alertApi = useApi(alertApiRef);
  const now = useNow();
  const [dialog, setDialog] = useState<DialogState>();

  const rows: RequestRow[] = useMemo(
    () =>
      [...requests]
        .sort((a, b) => {
          const held =
            Number(QUOTA_HOLDING_STATUSES.includes(b.status)) -
            Number(QUOTA_HOLDING_STATUSES.includes(a.status));
          return held || b.createdAt.localeCompare(a.createdAt);
        })
        .map(r => ({
          ...r,
          statusLabel: statusLabelOf(r, now),
          teamName: entityName(r.team),
          gpu: formatGpu(r, classNames),
          timeLeft: timeLeftOf(r, now),
        })),
    [requests, classNames, now],
  );

  const columns: TableColumn<RequestRow>[] = [
    {
      title: 'Status',
      field: 'statusLabel',
      // The queue position's sentences wrap within the column, so the table
      // keeps its actions in view instead of growing past the page.
      render: row => (
        <Box maxWidth={260}>
          <StatusChip status={row.status} startAt={row.startAt} />
          {row.status === 'rejected' && row.rejectionReason && (
            <Typography variant="caption" display="block" color="textSecondary">
              {row.rejectionReason}
            </Typography>
          )}
          {row.status === 'active' && <QueuePositionLine request={row} />}
          {row.status === 'failed' && row.lastError && (
            <Typography variant="caption" display="block" color="error">
              {row.lastError}
            </Typography>
          )}
        </Box>
      ),
    },
    {
      title: 'Team',
      field: 'teamName',
      cellStyle: { whiteSpace: 'nowrap' },
    },
    { title: 'Cluster', field: 'cluster' },
    {
      title: 'GPUs',
      field: 'gpu',
      customSort: (a, b) => a.count - b.count || a.gpu.localeCompare(b.gpu),
      render: row => `${row.count} × ${row.gpu}`,
    },
    {
      title: 'GPU-hours',
      field: 'gpuHours',
      type: 'numeric',
      render: row => formatNumber(row.gpuHours),
    },
    {
      title: 'Time left',
      field: 'timeLeft',
      customSort: (a, b) =>
        msUntil(a.expiresAt, now) - msUntil(b.expiresAt, now),
      render: row => {
        const window = windowOf(row);
        if (window && startsLater(row, now)) {
          return (
            <>
              <Typography variant="body2">{row.timeLeft}</Typography>
              <Typography variant="caption" color="textSecondary">
                {window}
              </Typography>
            </>
          );
        }
        return row.status === 'pending-approval' ? (
          <Typography variant="body2" color="textSecondary">
            Starts when approved
          </Typography>
        ) : (
          row.timeLeft
        );
      },
    },
    {
      title: 'Namespace',
      field: 'namespace',
      // Breaks after its hyphens when the page is narrow, so the actions
      // stay in view.
      cellStyle: { minWidth: 120 },
      render: row => (row.namespace ? <code>{row.namespace}</code> : '—'),
    },
    {
      title: 'Actions',
      sorting: false,
      searchable: false,
      cellStyle: { whiteSpace: 'nowrap' },
      render: row => {
        const holding = QUOTA_HOLDING_STATUSES.includes(row.status);
        if (!holding) return null;
        return (
          // Stacked, so the three buttons take one button's width and the
          // table fits the page beside the namespace.
          <Box
            display="flex"
            flexDirection="column"
            alignItems="flex-start"
            gridGap={2}
          >
            <Button
              size="small"
              onClick={() => setDialog({ kind: 'howto', request: row })}
            >
              How to use
            </Button>
            {EXTENDABLE.includes(row.status) && (
              <Button
                size="small"
                color="primary"
                onClick={() => setDialog({ kind: 'extend', request: row })}
              >
                Extend
              </Button>
            )}
            <Button
              size="small"
              color="secondary"
              onClick={() => setDialog({ kind: 'release', request: row })}
            >
              {releaseLabelOf(row, now)}
            </Button>
          </Box>
        );
      },
    },
  ];

  const close = () => setDialog(undefined);
  const done = (message: string) => {
    close();
    alertApi.post({ message, severity: 'success', display: 'transient' });
    onChanged();
  };

  return (
    <>
      <Table<RequestRow>
        title={title}
        columns={columns}
        data={rows}
        isLoading={loading}
        emptyContent={emptyContent}
        filters={[
          { column: 'Status', type: 'multiple-select' },
          { column: 'Team', type: 'select' },
          { column: 'Cluster', type: 'select' },
        ]}
        options={{
          paging: rows.length > 20,
          pageSize: 20,
          search: true,
          padding: 'dense',
        }}
      />
      {dialog?.kind === 'extend' && (
        <ExtendDialog
          request={dialog.request}
          onClose={close}
          onExtend={async additionalHours => {
            await api.extendRequest(dialog.request.id, { additionalHours });
            done(`Grant extended by ${additionalHours} hours`);
          }}
        />
      )}
      {dialog?.kind === 'release' && (
        <ReleaseDialog
          request={dialog.request}
          onClose={close}
          onRelease={async () => {
            await api.releaseRequest(dialog.request.id);
            const label = releaseLabelOf(dialog.request, now);
            done(
              {
                Withdraw: 'Request withdrawn',
                'Cancel booking': 'Booking cancelled',
              }[label] ?? 'GPUs released',
            );
          }}
        />
      )}
      {dialog?.kind === 'howto' && (
        <HowToUseDialog request={dialog.request} onClose={close} />
      )}
    </>
  );
}
