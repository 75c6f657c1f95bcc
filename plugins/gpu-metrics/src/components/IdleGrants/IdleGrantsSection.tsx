import { Progress } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  GpuProvisioningApi,
  gpuProvisioningApiRef,
} from '@ai-platform/plugin-gpu-provisioning-react';
import { describeError } from '@ai-platform/plugin-ai-platform-react';
import { IdleGrantsTable } from './IdleGrantsTable';
import { IdlePolicyReportCard } from './IdlePolicyReportCard';
import { useIsGpuApprover } from './useIsGpuApprover';

function IdleGrants(props: { api: GpuProvisioningApi }) {
  const { api } = props;
  const grants = useAsyncRetry(() => api.listIdleGrants(), [api]);
  const approver = useIsGpuApprover(api);
  const report = useAsyncRetry(
    async () => (approver ? api.getIdlePolicyReport() : undefined),
    [api, approver],
  );
  const gpuClasses = useAsync(() => api.getClasses(), [api]);
  const classNames = Object.fromEntries(
    (gpuClasses.value?.classes ?? []).map(c => [c.id, c.displayName]),
  );
  const refresh = () => {
    grants.retry();
    report.retry();
  };

  let list;
  if (grants.error) {
    const { title, message } = describeError(grants.error);
    list = (
      <Alert severity="error">{`Idle GPU grants: ${title}: ${message}`}</Alert>
    );
  } else if (grants.loading && !grants.value) {
    list = <Progress />;
  } else if (grants.value) {
    list = (
      <>
        {grants.value.errors.map(e => (
          <Box mb={1} key={e.cluster}>
            <Alert severity="warning">
              Idle hours of grants on cluster {e.cluster} could not be read:{' '}
              {e.message}
            </Alert>
          </Box>
        ))}
        <IdleGrantsTable
          api={api}
          grants={grants.value.items}
          classNames={classNames}
          onChanged={refresh}
        />
      </>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={approver ? 8 : 12}>
        {list}
      </Grid>
      {approver && (
        <Grid item xs={12} lg={4}>
          <IdlePolicyReportCard
            report={report.value}
            loading={report.loading}
            error={report.error}
          />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * The idle GPU grants of GPU provisioning, with their actions, and for
 * approvers the idle policy's dry run. Shown only in apps that have the GPU
 * provisioning plugin's API; without it, nothing.
 */
export function IdleGrantsSection() {
  const api = useApiHolder().get(gpuProvisioningApiRef);
  return api ? <IdleGrants api={api} /> : null;
}
