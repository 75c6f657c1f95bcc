import { useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  SubvalueCell,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  describeError,
  formatCurrency,
  formatGpuHours,
  formatHours,
  formatNumber,
  formatWeekdayTime,
  wholeWordsCell,
} from '@ai-platform/plugin-ai-platform-react';
import { entityName, formatGpu, formatUnits } from '../../utils/format';
import { windowOf } from '../../utils/schedule';
import { RejectDialog } from './RejectDialog';

const useStyles = makeStyles({
  justification: {
    maxWidth: 280,
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
});

interface ApprovalRow extends GpuRequest {
  requester: string;
  teamName: string;
  gpu: string;
}

/**
 * Requests over the approval threshold, waiting for an approver. The page
 * shows this tab to approvers only; should the backend still refuse the
 * queue (it decides every call), the view says why instead of the list.
 */
export function ApprovalsView() {
  const api = useApi(gpuProvisioningApiRef);
  const alertApi = useApi(alertApiRef);
  const [rejecting, setRejecting] = useState<GpuRequest>();
  const [busyId, setBusyId] = useState<string>();
  const pending = useAsyncRetry(
    () => api.listRequests({ scope: 'all', status: 'pending-approval' }),
    [api],
  );
  const gpuClasses = useAsync(() => api.getClasses(), [api]);
  const classNames = Object.fromEntries(
    (gpuClasses.value?.classes ?? []).map(c => [c.id, c.displayName]),
  );
  const threshold = gpuClasses.value?.policy.approvalThresholdGpuHours;
  const classes = useStyles();

  if (pending.loading && !pending.value) {
    return <Progress />;
  }
  if (pending.error) {
    if (describeError(pending.error).statusCode === 403) {
      return (
        <EmptyState
          missing="info"
          title="Approvals are for GPU approvers"
          description="Requests over the approval threshold are decided by members of the approver groups. You are not one of them, so there is nothing for you here."
          action={
            <Button variant="outlined" onClick={pending.retry}>
              Check again
            </Button>
          }
        />
      );
    }
    return <ResponseErrorPanel error={pending.error} />;
  }

  const approve = async (request: GpuRequest) => {
    setBusyId(request.id);
    try {
      await api.approveRequest(request.id);
      alertApi.post({
        message: `Approved ${formatUnits(
          request.count,
          request.migProfile,
        )} for ${entityName(request.team)}`,
        severity: 'success',
        display: 'transient',
      });
      pending.retry();
    } catch (e) {
      const { title, message } = describeError(e);
      alertApi.post({ message: `${title}: ${message}`, severity: 'error' });
    } finally {
      setBusyId(undefined);
    }
  };

  const rows: ApprovalRow[] = (pending.value?.items ?? [])
    .filter(r => r.status === 'pending-approval')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map(r => ({
      ...r,
      requester: entityName(r.requestedBy),
      teamName: entityName(r.team),
      gpu: formatGpu(r, classNames),
    }));

  const columns: TableColumn<ApprovalRow>[] = [
    {
      title: 'Requested by',
      field: 'requester',
      customSort: (a, b) => a.createdAt.localeCompare(b.createdAt),
      render: row => (
        <SubvalueCell
          value={row.requester}
          subvalue={formatWeekdayTime(row.createdAt)}
        />
      ),
    },
    { title: 'Team', field: 'teamName', cellStyle: wholeWordsCell },
    {
      title: 'GPUs',
      field: 'gpu',
      customSort: (a, b) => a.count - b.count,
      render: row => (
        <SubvalueCell
          value={`${row.count} × ${row.gpu}`}
          subvalue={`on ${row.cluster}`}
        />
      ),
    },
    {
      // An approver decides a booking knowing its window, not only its length.
      title: 'When',
      field: 'gpuHours',
      render: row => (
        <SubvalueCell
          value={windowOf(row) ?? 'Now, once approved'}
          subvalue={`${formatHours(row.durationHours)} · ${formatGpuHours(
            row.gpuHours,
          )}`}
        />
      ),
    },
    {
      title: 'Est. cost',
      field: 'estimatedCost',
      type: 'numeric',
      render: row => formatCurrency(row.estimatedCost),
    },
    {
      title: 'Purpose',
      field: 'purpose',
      render: row => (
        <SubvalueCell
          value={row.purpose}
          subvalue={`${row.dataClassification} data`}
        />
      ),
    },
    {
      title: 'Justification',
      field: 'justification',
      render: row => (
        <Tooltip title={row.justification}>
          <Typography variant="body2" className={classes.justification}>
            {row.justification}
          </Typography>
        </Tooltip>
      ),
    },
    {
      title: 'Decision',
      sorting: false,
      searchable: false,
      cellStyle: { whiteSpace: 'nowrap' },
      render: row => (
        <Box display="flex" gridGap={4}>
          <Button
            size="small"
            variant="contained"
            color="primary"
            disabled={busyId === row.id}
            onClick={() => approve(row)}
          >
            Approve
          </Button>
          <Button
            size="small"
            color="secondary"
            disabled={busyId === row.id}
            onClick={() => setRejecting(row)}
          >
            Reject
          </Button>
        </Box>
      ),
    },
  ];

  return (
    <>
      <Table<ApprovalRow>
        title="Waiting for approval"
        subtitle={
          threshold !== undefined
            ? `Requests over ${formatNumber(threshold)} GPU-hours, oldest first`
            : 'Oldest first'
        }
        columns={columns}
        data={rows}
        isLoading={pending.loading}
        options={{ paging: rows.length > 20, pageSize: 20, padding: 'dense' }}
        emptyContent={
          <EmptyState
            missing="content"
            title="Nothing waiting for approval"
            description="Requests over the approval threshold appear here as soon as they are made."
            action={
              <Button variant="outlined" onClick={pending.retry}>
                Refresh
              </Button>
            }
          />
        }
      />
      {rejecting && (
        <RejectDialog
          request={rejecting}
          onClose={() => setRejecting(undefined)}
          onReject={async reason => {
            await api.rejectRequest(rejecting.id, { reason });
            setRejecting(undefined);
            alertApi.post({
              message: `Rejected the request of ${entityName(
                rejecting.requestedBy,
              )}`,
              severity: 'success',
              display: 'transient',
            });
            pending.retry();
          }}
        />
      )}
    </>
  );
}
