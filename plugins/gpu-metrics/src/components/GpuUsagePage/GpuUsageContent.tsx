import { useState } from 'react';
import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { gpuMetricsApiRef, USAGE_WINDOWS, UsageWindow } from '../../api';
import { MetricsErrorPanel } from '../shared/MetricsErrorPanel';
import { ClusterSummaryCard } from './ClusterSummaryCard';
import { FleetHeatmapCard } from './FleetHeatmapCard';
import { IdleGrantsSection } from '../IdleGrants';
import { IdleGpusTable } from './IdleGpusTable';
import { useFleetHeatmap } from './useFleetHeatmap';
import {
  ClusterErrorAlerts,
  isForbidden,
  WINDOW_LABELS,
  WindowToggle,
} from '@ai-platform/plugin-ai-platform-react';

const FLEET_FORBIDDEN =
  "The fleet view is for the groups of gpuMetrics.fleetViewers. Your teams' GPU usage is on their group pages and on their components' pages.";

/**
 * The fleet's GPU usage: utilisation per cluster and GPU model, the heat map
 * of its nodes (and of a node's GPUs) over time, the idle GPUs, and the idle
 * GPU grants with their actions.
 */
export function GpuUsageContent() {
  const api = useApi(gpuMetricsApiRef);
  const [window, setWindow] = useState<UsageWindow>('24h');

  // Both start at once: the heat map does not wait for the summary.
  const fleet = useAsync(() => api.getFleetUsage({ window }), [api, window]);
  const heatmap = useFleetHeatmap(window);
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
        <ClusterErrorAlerts errors={fleet.value.errors} />
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

  return (
    <Content>
      <ContentHeader
        title={`GPU utilisation in the ${WINDOW_LABELS[window]}`}
        description="How busy the fleet's GPUs are, and which sit idle"
      >
        <WindowToggle
          windows={USAGE_WINDOWS}
          value={window}
          onChange={setWindow}
        />
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          {summary}
        </Grid>
        {!forbidden && (
          <Grid item xs={12}>
            <FleetHeatmapCard
              window={window}
              clusters={clusterNames}
              heatmap={heatmap}
            />
          </Grid>
        )}
        {fleet.value && (
          <Grid item xs={12}>
            <IdleGpusTable idle={fleet.value.idle} />
          </Grid>
        )}
        {/* Grants are GPU provisioning's and permissioned there: owners act
            on their own even when the fleet view is not for them. */}
        <Grid item xs={12}>
          <IdleGrantsSection />
        </Grid>
      </Grid>
    </Content>
  );
}
