import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  gpuFleetReadPermission,
  USAGE_WINDOWS,
} from '@ai-platform/plugin-gpu-metrics-common';
import { IdleGpuService } from '../service/types';

const WINDOWS = USAGE_WINDOWS as unknown as ['1h', '6h', '24h', '7d', '30d'];

/**
 * `gpu-metrics:list-idle-gpus`: GPUs held by pods but idle, most wasted
 * first, with the owning entity and team. Visible to, and run for, holders of
 * `gpuFleetReadPermission` only.
 */
export function createListIdleGpusAction(options: {
  actionsRegistry: ActionsRegistryService;
  idleGpus: IdleGpuService;
}) {
  options.actionsRegistry.register({
    name: 'list-idle-gpus',
    title: 'List idle GPUs',
    description: `GPUs across the fleet held by a pod but below the idle utilisation threshold for longer than the configured time, most wasted GPU-hours first, each with its cluster, node, pod, owning catalog entity and team.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: gpuFleetReadPermission,
    schema: {
      input: z =>
        z.object({
          window: z
            .enum(WINDOWS)
            .optional()
            .describe('Window ending now: 1h, 6h, 24h (default), 7d or 30d'),
          team: z
            .string()
            .optional()
            .describe('Only GPUs of this team, a group entity ref'),
        }),
      output: z =>
        z.object({
          items: z
            .array(
              z.object({
                cluster: z.string().describe('Cluster'),
                node: z.string().describe('Node hostname'),
                gpu: z.string().describe('GPU index on the node'),
                modelName: z.string().describe('GPU model'),
                namespace: z.string().describe('Pod namespace'),
                pod: z.string().describe('Pod holding the GPU'),
                entityRef: z
                  .string()
                  .nullable()
                  .describe('Owning catalog entity, when known'),
                team: z.string().nullable().describe('Owning team, when known'),
                wastedGpuHours: z.number().describe('Idle GPU-hours'),
              }),
            )
            .describe('Idle GPUs, most wasted first'),
        }),
    },
    examples: [
      { title: 'Idle GPUs this week', input: { window: '7d' } },
      {
        title: "A team's idle GPUs today",
        input: { team: 'group:default/recommendations' },
      },
    ],
    action: async ({ input, credentials }) => {
      const idle = await options.idleGpus.idleGpus(
        { window: input.window ?? '24h', team: input.team },
        credentials,
      );
      const items = idle.map(g => ({
        cluster: g.cluster,
        node: g.hostname,
        gpu: g.gpu,
        modelName: g.modelName,
        namespace: g.namespace,
        pod: g.pod,
        entityRef: g.entityRef ?? null,
        team: g.team ?? null,
        wastedGpuHours: g.wastedGpuHours,
      }));
      return { output: { items } };
    },
  });
}
