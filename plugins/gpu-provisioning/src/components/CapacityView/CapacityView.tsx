import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { GpuClassCapacity } from '@ai-platform/plugin-gpu-provisioning-common';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import { ClusterCapacityCard } from './ClusterCapacityCard';
import { useGpuPageLink } from '../shared/useGpuPageLink';
import { ButtonLink } from '../shared/ButtonLink';

function byCluster(items: GpuClassCapacity[]): Map<string, GpuClassCapacity[]> {
  const clusters = new Map<string, GpuClassCapacity[]>();
  for (const item of [...items].sort((a, b) =>
    a.cluster.localeCompare(b.cluster),
  )) {
    clusters.set(item.cluster, [...(clusters.get(item.cluster) ?? []), item]);
  }
  return clusters;
}

/** Live GPU capacity of every cluster, drawn per cluster. */
export function CapacityView() {
  const api = useApi(gpuProvisioningApiRef);
  const link = useGpuPageLink();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getCapacity(),
    [api],
  );

  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  const items = value?.items ?? [];
  const errors = value?.errors ?? [];
  const clusters = byCluster(items);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16}>
          <Box flexGrow={1}>
            <Typography variant="body1" color="textSecondary">
              GPUs on each cluster: in use by running pods, granted by this
              portal but not yet used, and free to request.
            </Typography>
          </Box>
          <Button variant="outlined" onClick={retry} disabled={loading}>
            Refresh
          </Button>
          <ButtonLink variant="contained" color="primary" to={link('request')}>
            Request GPUs
          </ButtonLink>
        </Box>
      </Grid>
      {errors.map(e => (
        <Grid item xs={12} key={e.cluster}>
          <WarningPanel
            severity="warning"
            defaultExpanded
            title={`Capacity of cluster ${e.cluster} is unavailable`}
            message={`${e.message} The other clusters are shown as usual.`}
          />
        </Grid>
      ))}
      {clusters.size === 0 ? (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No GPU capacity to show"
            description={
              errors.length > 0
                ? 'No cluster could be read. Try again in a minute, or ask the platform team to check the cluster connections.'
                : 'No cluster reports GPUs of a configured class. The platform team configures GPU classes in gpuProvisioning.gpuClasses.'
            }
            action={
              <Button variant="contained" color="primary" onClick={retry}>
                Try again
              </Button>
            }
          />
        </Grid>
      ) : (
        [...clusters.entries()].map(([cluster, clusterItems]) => (
          <Grid item xs={12} xl={6} key={cluster}>
            <ClusterCapacityCard cluster={cluster} items={clusterItems} />
          </Grid>
        ))
      )}
    </Grid>
  );
}
