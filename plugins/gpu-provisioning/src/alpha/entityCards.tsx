import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The "GPU allocations" card on Group, Component and System pages,
 * `entity-card:gpu-provisioning/gpu-allocations`.
 *
 * @alpha
 */
export const entityGpuAllocationsCard = EntityCardBlueprint.make({
  name: 'gpu-allocations',
  params: {
    filter: { kind: { $in: ['group', 'component', 'system'] } },
    loader: () =>
      import('../components/EntityGpuAllocationsCard').then(m => (
        <m.EntityGpuAllocationsCard />
      )),
  },
});
