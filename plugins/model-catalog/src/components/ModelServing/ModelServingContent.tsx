import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  USAGE_WINDOWS,
  type UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { isModelEntity } from '@ai-platform/plugin-model-catalog-common';
import { useModelServers } from '../ModelEntityContent/useModelServers';
import { ServingCard } from './ServingCard';
import { ServingView } from './ServingView';
import {
  WINDOW_LABELS,
  WindowToggle,
} from '@ai-platform/plugin-ai-platform-react';

function ModelServers() {
  const { entity } = useEntity();
  const servers = useModelServers(entity);
  const [window, setWindow] = useState<UsageWindow>('24h');

  if (servers.loading) return <Progress />;
  if (servers.error) {
    return (
      <ResponseErrorPanel
        error={servers.error}
        title="Could not load the model servers"
      />
    );
  }
  const list = servers.value ?? [];
  if (list.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No model server serves this model"
        description="Serving figures appear here for each model server that depends on this model, such as a KServe InferenceService carrying the ai-platform.io/model annotation."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Typography variant="body1" style={{ flex: 1 }}>
            {list.length === 1
              ? 'One model server serves this model'
              : `${list.length} model servers serve this model`}
            , {WINDOW_LABELS[window]}.
          </Typography>
          <WindowToggle
            windows={USAGE_WINDOWS}
            value={window}
            onChange={setWindow}
          />
        </Box>
      </Grid>
      {list.map(server => {
        const ref = stringifyEntityRef(server);
        return (
          <Grid item xs={12} key={ref}>
            <section
              aria-label={`Serving of ${
                server.metadata.title ?? server.metadata.name
              }`}
            >
              <InfoCard
                title={
                  <EntityRefLink
                    entityRef={server}
                    title={server.metadata.title ?? server.metadata.name}
                  />
                }
              >
                <ServingView entityRef={ref} window={window} />
              </InfoCard>
            </section>
          </Grid>
        );
      })}
    </Grid>
  );
}

/**
 * The "Serving" tab: on a model, one section per model server that serves
 * it; on a model server (or any Component with serving pods), its own
 * figures. Live tokens, latency, GPUs and who uses it, over a chosen window.
 *
 * @public
 */
export function ModelServingContent() {
  const { entity } = useEntity();
  return isModelEntity(entity) ? <ModelServers /> : <ServingCard />;
}
