import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';

const window = z.enum(['1h', '6h', '24h', '7d', '30d']).default('24h');

/** The query parameters of each route (entity refs are parsed by the service). */
export const querySchemas = {
  entity: z.object({ entityRef: z.string().min(1).max(1000), window }),
  group: z.object({ groupRef: z.string().min(1).max(1000), window }),
  fleet: z.object({ window }),
  heatmap: z.object({
    window,
    cluster: z.string().min(1).max(253).optional(),
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
