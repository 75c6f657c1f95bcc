import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The "GPU usage" card on Component and System pages,
 * `entity-card:gpu-metrics/gpu-usage`.
 *
 * @alpha
 */
export const entityGpuUsageCard = EntityCardBlueprint.make({
  name: 'gpu-usage',
  params: {
    filter: { kind: { $in: ['component', 'system'] } },
    loader: () =>
      import('../components/EntityGpuUsageCard').then(m => (
        <m.EntityGpuUsageCard />
      )),
  },
});

/**
 * The "Team GPU usage" card on Group pages,
 * `entity-card:gpu-metrics/group-gpu-usage`.
 *
 * @alpha
 */
export const groupGpuUsageCard = EntityCardBlueprint.make({
  name: 'group-gpu-usage',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupGpuUsageCard').then(m => (
        <m.GroupGpuUsageCard />
      )),
  },
});
