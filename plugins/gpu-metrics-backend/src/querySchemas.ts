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

/** The parsed query, or an `InputError` (400) naming the first bad parameter. */
export function parseQuery<T extends z.ZodType>(
  schema: T,
  query: unknown,
): z.infer<T> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid query parameter ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return result.data;
}

/**
 * The lower-case key of an entity ref given as a query parameter (kind
 * required, namespace `default` when left out), or an `InputError` naming
 * the parameter.
 */
export function entityRefParameter(name: string, ref: string): string {
  try {
    return entityRefKey(ref);
  } catch (error) {
    throw new InputError(
      `Invalid query parameter ${name}: ${(error as Error).message}`,
    );
  }
}
