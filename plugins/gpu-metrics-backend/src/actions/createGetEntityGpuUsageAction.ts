import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { USAGE_WINDOWS } from '@ai-platform/plugin-gpu-metrics-common';
import { EntityUsageService, GroupUsageService } from '../service/types';

const WINDOWS = USAGE_WINDOWS as unknown as ['1h', '6h', '24h', '7d', '30d'];

/**
 * `gpu-metrics:get-entity-gpu-usage`: how much of the GPUs a Component,
 * System or Group holds it actually uses, with idle GPU-hours and the
 * right-sizing advice. Visible to every signed-in caller; each call checks
 * `gpuUsageReadPermission` for the entity asked about (as `/entity` and
 * `/group` do), so it answers only for the caller's teams and those below.
 */
export function createGetEntityGpuUsageAction(options: {
  actionsRegistry: ActionsRegistryService;
  entityUsage: EntityUsageService;
  groupUsage: GroupUsageService;
}) {
  options.actionsRegistry.register({
    name: 'get-entity-gpu-usage',
    title: 'Get GPU usage of an entity or team',
    description: `GPU usage from NVIDIA DCGM metrics for a catalog entity (Component or System) or a Group (everything it and its sub-groups own) over a window ending now.
Returns GPUs held, mean and peak utilisation (0-100), framebuffer memory, power, XID errors, idle GPU-hours, a right-sizing recommendation when a cheaper GPU class or MIG profile fits, and per-cluster errors.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity ref, e.g. component:default/assistant-api or group:default/ml-platform',
            ),
          window: z
            .enum(WINDOWS)
            .optional()
            .describe('Window ending now: 1h, 6h, 24h (default), 7d or 30d'),
        }),
      output: z =>
        z.object({
          entityRef: z.string().describe('The entity asked about'),
          gpusHeld: z.number().describe('GPUs held now'),
          utilisationMean: z
            .number()
            .nullable()
            .describe('Mean GPU utilisation, 0-100, null without samples'),
          utilisationMax: z.number().nullable().describe('Peak utilisation'),
          idleGpuHours: z
            .number()
            .describe('GPU-hours held below the idle threshold'),
          xidErrors: z.number().describe('XID errors in the window'),
          rightsizing: z
            .string()
            .nullable()
            .describe('The recommendation in a sentence, or null'),
          errors: z
            .array(z.string())
            .describe(
              'Clusters whose data could not be read, and entities of a group left out (bad annotations, the entity cap)',
            ),
        }),
    },
    examples: [
      {
        title: 'Usage of a service over the last day',
        input: { entityRef: 'component:default/assistant-api', window: '24h' },
      },
    ],
    action: async ({ input, credentials }) => {
      const window = input.window ?? '24h';
      const isGroup = input.entityRef
        .trim()
        .toLocaleLowerCase('en-US')
        .startsWith('group:');
      const usage = isGroup
        ? await options.groupUsage.groupUsage(
            input.entityRef,
            window,
            credentials,
          )
        : await options.entityUsage.entityUsage(
            input.entityRef,
            window,
            credentials,
          );
      const r = usage.rightsizing;
      return {
        output: {
          entityRef: input.entityRef,
          gpusHeld: usage.gpusHeld,
          utilisationMean: usage.utilisation.mean,
          utilisationMax: usage.utilisation.max,
          idleGpuHours: usage.idleGpuHours,
          xidErrors: usage.xidErrors,
          rightsizing: r
            ? `Move from ${r.current} to ${r.recommended}: ${r.reason}; saves ${r.monthlySaving} USD a month`
            : null,
          errors: [
            ...usage.errors.map(e => `${e.cluster}: ${e.message}`),
            ...('entityErrors' in usage
              ? usage.entityErrors.map(e => `${e.entityRef}: ${e.message}`)
              : []),
            ...('truncated' in usage && usage.truncated
              ? [
                  `Only the first ${usage.truncated.limit} of ${usage.truncated.total} entities with workloads are counted (gpuMetrics.maxEntitiesPerGroup)`,
                ]
              : []),
          ],
        },
      };
    },
  });
}
