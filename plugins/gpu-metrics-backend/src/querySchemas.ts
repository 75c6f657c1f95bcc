import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { HEATMAP_MAX_ROWS } from '@ai-platform/plugin-gpu-metrics-common';

const window = z.enum(['1h', '6h', '24h', '7d', '30d']).default('24h');

/** A namespace name: a DNS-1123 label (Kubernetes' own rule for namespaces). */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

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
  serving: z.object({ entityRef: z.string().min(1).max(1000), window }),
  servingServers: z
    .object({
      window: z.enum(['1h', '6h', '24h', '7d', '30d']).optional(),
      // The calendar check (a completed day, at most 30 days back) needs the
      // clock: the service makes it.
      day: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
        .optional(),
    })
    .refine(q => q.window === undefined || q.day === undefined, {
      message: 'give either day or window, not both',
      path: ['day'],
    }),
  namespaceUsage: z.object({
    cluster: z.string().min(1).max(253),
    namespace: z
      .string()
      .min(1)
      .max(63)
      .regex(DNS_1123_LABEL, 'must be a DNS-1123 label (a namespace name)'),
    window,
  }),
  namespaceUsages: z.object({
    cluster: z.string().min(1).max(253),
    window,
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
