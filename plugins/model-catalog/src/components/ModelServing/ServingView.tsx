import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { UsageWindow } from '@ai-platform/plugin-gpu-metrics-common';
import useAsync from 'react-use/esm/useAsync';
import { modelCatalogApiRef } from '../../api';
import { ServingCharts } from './ServingCharts';
import { ServingConsumers } from './ServingConsumers';
import { ServingCostSummary } from './ServingCostSummary';
import { ServingErrorPanel } from './ServingErrorPanel';
import { ServingServers } from './ServingServers';
import { servingStats, ServingStats } from './ServingStats';
import {
  ClusterErrorAlerts,
  WINDOW_LABELS,
} from '@ai-platform/plugin-ai-platform-react';

/** Who may read serving figures, as the gpu-metrics backend decides. */
export const SERVING_FORBIDDEN_DETAIL =
  'Serving figures are visible to the members of the team that owns this server, of the groups above it, and to fleet viewers.';

/** Who may read serving costs, as the cost backend decides. */
export const COST_FORBIDDEN_DETAIL =
  'Unit prices are visible to every signed-in user; the cost per caller to the members of the team that owns this server, of the groups above it, and to cost admins.';

/** Said under "Who uses it" when the caller may not see the cost per caller. */
export const CONSUMER_COSTS_HIDDEN =
  'The cost per caller is visible to the members of the team that owns this server, of the groups above it, and to cost admins.';

/** Props of {@link ServingView}. */
export interface ServingViewProps {
  /** The model server entity. */
  entityRef: string;
  window: UsageWindow;
}

/**
 * What one model server entity served over a window: its servers, unit
 * prices and the method behind them, headline figures, charts and who uses
 * it; with loading, error and empty states. A failing cost backend leaves
 * the serving figures standing.
 */
export function ServingView(props: ServingViewProps) {
  const { entityRef, window } = props;
  const api = useApi(modelCatalogApiRef);
  const serving = useAsync(
    () => api.getServing({ entityRef, window }),
    [api, entityRef, window],
  );
  const costs = useAsync(
    () => api.getServingCosts({ entityRef, window }),
    [api, entityRef, window],
  );
  const windowLabel = WINDOW_LABELS[window];

  if (serving.loading) return <Progress />;
  if (serving.error) {
    return (
      <ServingErrorPanel
        error={serving.error}
        subject="Serving figures"
        forbiddenDetail={SERVING_FORBIDDEN_DETAIL}
      />
    );
  }
  const usage = serving.value!;
  if (usage.servers.length === 0) {
    return (
      <>
        <ClusterErrorAlerts what="Figures" errors={usage.errors} />
        <EmptyState
          missing="data"
          title="No serving pods found"
          description={`None of this entity's pods exported vLLM metrics in the ${windowLabel}. Its pods are found through the backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation.`}
        />
      </>
    );
  }
  return (
    <>
      <ClusterErrorAlerts what="Figures" errors={usage.errors} />
      <Box mb={2}>
        <ServingServers servers={usage.servers} />
      </Box>
      {costs.loading && <Progress />}
      {costs.error && (
        <ServingErrorPanel
          error={costs.error}
          subject="Serving costs"
          forbiddenDetail={COST_FORBIDDEN_DETAIL}
        />
      )}
      {costs.value && (
        <ServingCostSummary costs={costs.value} windowLabel={windowLabel} />
      )}
      <ServingStats
        label={`Serving figures, ${windowLabel}`}
        stats={servingStats(usage.totals)}
      />
      <ServingCharts series={usage.series} window={usage.window} />
      <Typography variant="h6" component="h3" gutterBottom>
        Who uses it
      </Typography>
      {costs.value?.consumersVisible ? (
        <ServingConsumers
          consumers={costs.value.consumers}
          unattributed={costs.value.unattributed}
          currency={costs.value.currency}
        />
      ) : (
        <ServingConsumers
          consumers={usage.consumers}
          unattributed={usage.unattributed}
          costNote={costs.value ? CONSUMER_COSTS_HIDDEN : undefined}
        />
      )}
    </>
  );
}
