import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { gpuMetricsApiRef, UsageWindow } from '../../api';
import { WINDOW_LABELS } from '../../utils/format';
import { ClusterErrors } from '../shared/ClusterErrors';
import { MetricsErrorPanel } from '../shared/MetricsErrorPanel';
import { UsageSummary } from '../shared/UsageSummary';
import { WindowSelect } from '../shared/WindowSelect';

/**
 * GPU usage of the Component or System on the page: GPUs held, utilisation
 * and memory over time, idle GPU-hours and right-sizing advice.
 */
export function EntityGpuUsageCard() {
  const { entity } = useEntity();
  const api = useApi(gpuMetricsApiRef);
  const [window, setWindow] = useState<UsageWindow>('24h');
  const entityRef = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;

  const { value, loading, error } = useAsync(
    () => api.getEntityUsage({ entityRef, window }),
    [api, entityRef, window],
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
        {value.gpusHeld === 0 &&
        value.series.every(s => s.utilisation === null) ? (
          <EmptyState
            missing="data"
            title="No GPUs in use"
            description={`${name} held no GPUs in the ${WINDOW_LABELS[window]}.`}
          />
        ) : (
          <UsageSummary usage={value} />
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="GPU usage"
      subheader={`GPU utilisation of ${name} in the ${WINDOW_LABELS[window]}`}
      action={<WindowSelect value={window} onChange={setWindow} />}
    >
      {content}
    </InfoCard>
  );
}
