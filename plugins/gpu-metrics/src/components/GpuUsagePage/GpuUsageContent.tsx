import { useState } from 'react';
import {
  Content,
  ContentHeader,
  EmptyState,
  InfoCard,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useAsync from 'react-use/esm/useAsync';
import { gpuMetricsApiRef, UsageWindow } from '../../api';
import { WINDOW_LABELS } from '../../utils/format';
import { ClusterErrors } from '../shared/ClusterErrors';
import { MetricsErrorPanel } from '../shared/MetricsErrorPanel';
import { WindowSelect } from '../shared/WindowSelect';
import { ClusterSummaryCard } from './ClusterSummaryCard';
import { IdleGpusTable } from './IdleGpusTable';
import { UtilisationHeatmap } from './UtilisationHeatmap';
import { isForbidden } from '@ai-platform/plugin-ai-platform-react';

const ALL_CLUSTERS = '';

const FLEET_FORBIDDEN =
  "The fleet view is for the groups of gpuMetrics.fleetViewers. Your teams' GPU usage is on their group pages and on their components' pages.";

/**
 * The fleet's GPU usage: utilisation per cluster and GPU model, the heat map
 * of every GPU over time, and the idle GPUs.
 */
export function GpuUsageContent() {
  const api = useApi(gpuMetricsApiRef);
  const [window, setWindow] = useState<UsageWindow>('24h');
  const [cluster, setCluster] = useState(ALL_CLUSTERS);

  const fleet = useAsync(() => api.getFleetUsage({ window }), [api, window]);
  const heatmap = useAsync(
    () => api.getFleetHeatmap({ window, cluster: cluster || undefined }),
    [api, window, cluster],
  );
  const clusterNames = [
    ...new Set((fleet.value?.clusters ?? []).map(c => c.cluster)),
  ].sort();

  // The fleet view is all or nothing: one refusal explains it once.
  const forbidden = isForbidden(fleet.error) || isForbidden(heatmap.error);

  let summary;
  if (forbidden) {
    summary = (
      <MetricsErrorPanel
        error={(isForbidden(fleet.error) ? fleet.error : heatmap.error)!}
        forbiddenDetail={FLEET_FORBIDDEN}
      />
    );
  } else if (fleet.loading) {
    summary = <Progress />;
  } else if (fleet.error) {
    summary = <MetricsErrorPanel error={fleet.error} />;
  } else if (fleet.value) {
    summary = (
      <>
        <ClusterErrors errors={fleet.value.errors} />
        {fleet.value.clusters.length === 0 ? (
          <EmptyState
            missing="data"
            title="No GPUs found"
            description={`No cluster reported GPU metrics in the ${WINDOW_LABELS[window]}.`}
          />
        ) : (
          <Grid container spacing={3}>
            {fleet.value.clusters.map(c => (
              <Grid
                item
                xs={12}
                md={6}
                lg={4}
                key={`${c.cluster}/${c.modelName}`}
              >
                <ClusterSummaryCard summary={c} />
              </Grid>
            ))}
          </Grid>
        )}
      </>
    );
  }

  let heatmapContent;
  if (heatmap.loading) {
    heatmapContent = <Progress />;
  } else if (heatmap.error) {
    heatmapContent = <MetricsErrorPanel error={heatmap.error} />;
  } else if (heatmap.value && heatmap.value.rows.length === 0) {
    heatmapContent = (
      <EmptyState
        missing="data"
        title="No GPU samples"
        description={`No GPU reported utilisation in the ${WINDOW_LABELS[window]}.`}
      />
    );
  } else if (heatmap.value) {
    heatmapContent = (
      <UtilisationHeatmap heatmap={heatmap.value} window={window} />
    );
  }

  return (
    <Content>
      <ContentHeader
        title={`GPU utilisation in the ${WINDOW_LABELS[window]}`}
        description="How busy the fleet's GPUs are, and which sit idle"
      >
        <WindowSelect value={window} onChange={setWindow} />
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          {summary}
        </Grid>
        {!forbidden && (
          <Grid item xs={12}>
            <InfoCard
              title="Utilisation per GPU"
              subheader="One row per GPU, one column per time step"
              action={
                <TextField
                  select
                  size="small"
                  variant="outlined"
                  label="Cluster"
                  value={cluster}
                  onChange={e => setCluster(e.target.value)}
                  style={{ minWidth: 160 }}
                >
                  <MenuItem value={ALL_CLUSTERS}>All clusters</MenuItem>
                  {clusterNames.map(name => (
                    <MenuItem key={name} value={name}>
                      {name}
                    </MenuItem>
                  ))}
                </TextField>
              }
            >
              {heatmapContent}
            </InfoCard>
          </Grid>
        )}
        {fleet.value && (
          <Grid item xs={12}>
            <IdleGpusTable idle={fleet.value.idle} />
          </Grid>
        )}
      </Grid>
    </Content>
  );
}
