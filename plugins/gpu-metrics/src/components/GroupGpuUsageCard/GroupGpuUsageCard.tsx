import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { gpuMetricsApiRef } from '../../api';
import { IdleGrantsSection } from '../IdleGrants';
import { EntityErrors } from '../shared/EntityErrors';
import { UsageCard } from '../shared/UsageCard';
import { UsageSummary } from '../shared/UsageSummary';
import { GroupEntitiesTable } from './GroupEntitiesTable';

/**
 * GPU usage of the Group on the page, over the entities it owns: the
 * aggregate figures and chart, a table of the entities by idle GPU-hours,
 * the entities left out of the roll-up (bad annotations, the entity cap),
 * and the team's idle GPU grants with their actions.
 */
export function GroupGpuUsageCard() {
  const { entity } = useEntity();
  const api = useApi(gpuMetricsApiRef);
  const groupRef = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;

  return (
    <UsageCard
      key={groupRef}
      title="Team GPU usage"
      subheader={label =>
        `GPU utilisation of what ${name} owns, in the ${label}`
      }
      load={window => api.getGroupUsage({ groupRef, window })}
      isEmpty={usage => usage.gpusHeld === 0 && usage.entities.length === 0}
      emptyDescription={label =>
        `The entities of ${name} held no GPUs in the ${label}.`
      }
      notices={usage => (
        <EntityErrors
          errors={usage.entityErrors ?? []}
          truncated={usage.truncated ?? null}
        />
      )}
      forbiddenDetail={`The GPU usage of ${name} is visible to its members, the members of the groups above it, and fleet viewers.`}
    >
      {usage => (
        <>
          <UsageSummary usage={usage} />
          <Box mt={2}>
            <GroupEntitiesTable entities={usage.entities} />
          </Box>
          <Box mt={2}>
            <IdleGrantsSection team={groupRef} />
          </Box>
        </>
      )}
    </UsageCard>
  );
}
