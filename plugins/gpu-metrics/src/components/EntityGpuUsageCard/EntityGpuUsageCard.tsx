import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { gpuMetricsApiRef } from '../../api';
import { IdleGrantsSection } from '../IdleGrants';
import { UsageCard } from '../shared/UsageCard';
import { UsageSummary } from '../shared/UsageSummary';

/**
 * GPU usage of the Component or System on the page: GPUs held, utilisation
 * and memory over time, idle GPU-hours and right-sizing advice, and its
 * idle GPU grants with their actions.
 */
export function EntityGpuUsageCard() {
  const { entity } = useEntity();
  const api = useApi(gpuMetricsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;

  return (
    <UsageCard
      key={entityRef}
      title="GPU usage"
      subheader={label => `GPU utilisation of ${name} in the ${label}`}
      load={window => api.getEntityUsage({ entityRef, window })}
      isEmpty={usage =>
        usage.gpusHeld === 0 && usage.series.every(s => s.utilisation === null)
      }
      emptyDescription={label => `${name} held no GPUs in the ${label}.`}
      forbiddenDetail={`The GPU usage of ${name} is visible to the members of its owning team, of the groups above it, and to fleet viewers.`}
    >
      {usage => (
        <>
          <UsageSummary usage={usage} />
          <Box mt={2}>
            <IdleGrantsSection entityRef={entityRef} />
          </Box>
        </>
      )}
    </UsageCard>
  );
}
