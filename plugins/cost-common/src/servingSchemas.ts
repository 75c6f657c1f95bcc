import { z } from 'zod';
import { costEntityRefSchema } from './schemas';

/** The windows a serving cost covers, ending now, shortest first. @public */
export const SERVING_WINDOWS = ['1h', '6h', '24h', '7d', '30d'] as const;

const window = z.enum(SERVING_WINDOWS).default('24h');

/** Query of `GET /serving-costs`. @public */
export const servingCostsQuerySchema = z.strictObject({
  entityRef: costEntityRefSchema,
  window,
});

/** Query of `GET /serving-costs/models`. @public */
export const servingCostsListQuerySchema = z.strictObject({ window });

/** Query of `GET /inference-usage`: exactly one of `groupRef` and `entityRef`. @public */
export const inferenceUsageQuerySchema = z
  .strictObject({
    groupRef: costEntityRefSchema
      .refine(
        ref => ref.toLowerCase().startsWith('group:'),
        'must be a group ref such as group:default/products',
      )
      .optional(),
    entityRef: costEntityRefSchema.optional(),
    window,
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.groupRef) === Boolean(value.entityRef)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.groupRef ? 'entityRef' : 'groupRef'],
        message: 'give exactly one of groupRef and entityRef',
      });
    }
  });

/** A serving window. @public */
export type ServingWindow = (typeof SERVING_WINDOWS)[number];
/** Parsed `GET /serving-costs` query. @public */
export type ServingCostsQuery = z.infer<typeof servingCostsQuerySchema>;
/** Parsed `GET /serving-costs/models` query. @public */
export type ServingCostsListQuery = z.infer<typeof servingCostsListQuerySchema>;
/** Parsed `GET /inference-usage` query. @public */
export type InferenceUsageQuery = z.infer<typeof inferenceUsageQuerySchema>;
