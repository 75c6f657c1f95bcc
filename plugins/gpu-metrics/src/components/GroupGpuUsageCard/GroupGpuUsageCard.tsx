import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import useAsync from 'react-use/esm/useAsync';
import { gpuMetricsApiRef, UsageWindow } from '../../api';
import { WINDOW_LABELS } from '../../utils/format';
import { ClusterErrors } from '../shared/ClusterErrors';
import { MetricsErrorPanel } from '../shared/MetricsErrorPanel';
import { UsageSummary } from '../shared/UsageSummary';
import { WindowSelect } from '../shared/WindowSelect';
import { GroupEntitiesTable } from './GroupEntitiesTable';

/**
 * GPU usage of the Group on the page, over the entities it owns: the
 * aggregate figures and chart, and a table of the entities by idle GPU-hours.
 */
export function GroupGpuUsageCard() {
  const { entity } = useEntity();
  const api = useApi(gpuMetricsApiRef);
  const [window, setWindow] = useState<UsageWindow>('24h');
  const groupRef = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;

  const { value, loading, error } = useAsync(
    () => api.getGroupUsage({ groupRef, window }),
    [api, groupRef, window],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <MetricsErrorPanel error={error} />;
  } else if (value) {
    content = (
      <>
        <ClusterErrors errors={value.errors} />
        {value.gpusHeld === 0 && value.entities.length === 0 ? (
          <EmptyState
            missing="data"
            title="No GPUs in use"
            description={`The entities of ${name} held no GPUs in the ${WINDOW_LABELS[window]}.`}
          />
        ) : (
          <>
            <UsageSummary usage={value} />
            <Box mt={2}>
              <GroupEntitiesTable entities={value.entities} />
            </Box>
          </>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Team GPU usage"
      subheader={`GPU utilisation of what ${name} owns, in the ${WINDOW_LABELS[window]}`}
      action={<WindowSelect value={window} onChange={setWindow} />}
    >
      {content}
    </InfoCard>
  );
}
