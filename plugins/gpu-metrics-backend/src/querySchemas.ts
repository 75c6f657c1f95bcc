import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { HEATMAP_MAX_ROWS } from '@ai-platform/plugin-gpu-metrics-common';

const window = z.enum(['1h', '6h', '24h', '7d', '30d']).default('24h');

/** The query parameters of each route (entity refs are parsed by the service). */
export const querySchemas = {
  entity: z.object({ entityRef: z.string().min(1).max(1000), window }),
  group: z.object({ groupRef: z.string().min(1).max(1000), window }),
  fleet: z.object({ window }),
  heatmap: z
    .object({
      window,
      cluster: z.string().min(1).max(253).optional(),
      node: z.string().min(1).max(253).optional(),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(HEATMAP_MAX_ROWS)
        .default(HEATMAP_MAX_ROWS),
    })
    .refine(q => q.node === undefined || q.cluster !== undefined, {
      message:
        'node needs cluster (a hostname is unique only within its cluster)',
      path: ['node'],
    }),
};

/**
 * The lower-case key of an entity ref given as a query parameter (kind
 * required, namespace `default` when left out), or an `InputError` naming
 * the parameter.
 */
export function entityRefParameter(name: string, ref: string): string {
  try {
    return entityRefKey(ref);
  } catch (error) {
    throw new InputError(`Invalid query: ${name}: ${(error as Error).message}`);
  }
}
