import {
  DATA_CLASSIFICATIONS,
  gpuRequestInputSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { z } from 'zod';

/** A number as it comes in a query: already a number (the OpenAPI validator coerces), or its digits. */
function fromQuery<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    value =>
      typeof value === 'string' && /^\d{1,6}$/.test(value)
        ? Number(value)
        : value,
    schema,
  );
}

/**
 * The query of `GET /start-estimate`: the request's fields that decide
 * whether and when it starts, with the form's messages per field.
 */
export const startEstimateQuerySchema = z
  .object({
    team: gpuRequestInputSchema.shape.team,
    cluster: gpuRequestInputSchema.shape.cluster,
    gpuClass: gpuRequestInputSchema.shape.gpuClass,
    migProfile: gpuRequestInputSchema.shape.migProfile,
    count: fromQuery(gpuRequestInputSchema.shape.count),
    durationHours: fromQuery(gpuRequestInputSchema.shape.durationHours),
    dataClassification: z
      .enum(DATA_CLASSIFICATIONS, {
        error: `must be one of ${DATA_CLASSIFICATIONS.join(', ')}`,
      })
      .optional(),
  })
  .strict();

export type StartEstimateQuery = z.infer<typeof startEstimateQuerySchema>;
