import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { gpuCapacityReadPermission } from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuCapacityService } from '../service/types';
import { gpuCapacityOutputSchema } from './outputSchemas';

/**
 * `gpu-provisioning:get-capacity`: free, used and granted GPUs per cluster
 * and class, for agents that plan a request.
 */
export function createGetCapacityAction(options: {
  actionsRegistry: ActionsRegistryService;
  capacity: GpuCapacityService;
}) {
  options.actionsRegistry.register({
    name: 'get-capacity',
    title: 'Get GPU capacity',
    description: `Lists the GPUs of every cluster per GPU class and MIG profile: total, in use by pods, granted to teams by the portal, and free.
Use it before requesting GPUs to pick a cluster and class with enough free GPUs.
Clusters that cannot be read are listed in "errors"; the others are still returned.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: gpuCapacityReadPermission,
    schema: {
      input: z =>
        z.object({
          cluster: z
            .string()
            .optional()
            .describe(
              'Only this cluster, e.g. gpu-prod. All clusters when omitted.',
            ),
          gpuClass: z
            .string()
            .optional()
            .describe(
              'Only this GPU class id, e.g. h100. All classes when omitted.',
            ),
        }),
      output: z =>
        z.object({
          items: z
            .array(gpuCapacityOutputSchema(z))
            .describe('Capacity per cluster and class (or MIG profile)'),
          errors: z
            .array(z.object({ cluster: z.string(), message: z.string() }))
            .describe('Clusters that could not be read'),
        }),
    },
    examples: [
      {
        title: 'Free H100s on the production cluster',
        input: { cluster: 'gpu-prod', gpuClass: 'h100' },
        output: {
          items: [
            {
              cluster: 'gpu-prod',
              gpuClass: 'h100',
              displayName: 'NVIDIA H100 80GB',
              resource: 'nvidia.com/gpu',
              memoryMiB: 81559,
              total: 32,
              inUse: 12,
              granted: 16,
              free: 16,
              hourlyRate: 4.5,
            },
          ],
          errors: [],
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const capacity = await options.capacity.capacity({ credentials });
      return {
        output: {
          items: capacity.items.filter(
            item =>
              (!input.cluster || item.cluster === input.cluster) &&
              (!input.gpuClass || item.gpuClass === input.gpuClass),
          ),
          errors: capacity.errors.filter(
            e => !input.cluster || e.cluster === input.cluster,
          ),
        },
      };
    },
  });
}
