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

/**
 * The "Shared GPU quota" card on Group pages: the team's Kueue cohort,
 * borrowing and lending, `entity-card:gpu-provisioning/quota-sharing`.
 *
 * @alpha
 */
export const entityQuotaSharingCard = EntityCardBlueprint.make({
  name: 'quota-sharing',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/EntityQuotaSharingCard').then(m => (
        <m.EntityQuotaSharingCard />
      )),
  },
});
