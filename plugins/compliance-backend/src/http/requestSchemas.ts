import { z } from 'zod';

/** A text parameter: a non-empty string without NUL (PostgreSQL text cannot hold one). */
const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .min(1, `${field} is required`)
    .max(max, `${field} is too long`)
    .refine(
      value => !value.includes('\u0000'),
      `${field} must not contain NUL characters`,
    );
const ref = (field: string) => text(field, 1024);

export const noQuerySchema = z.strictObject({});
export const entityQuerySchema = z.strictObject({
  entityRef: ref('entityRef'),
});
export const subjectQuerySchema = z.strictObject({
  subjectRef: ref('subjectRef'),
});
export const heatmapQuerySchema = z.strictObject({
  group: ref('group').optional(),
});
export const frameworkParamsSchema = z.object({
  frameworkId: text('frameworkId', 128),
});
export const waiverParamsSchema = z.object({ id: text('id', 64) });
/** `POST /evaluations` takes no parameters: an empty body or `{}`. */
export const evaluationBodySchema = z.strictObject({});
/** `POST /entity/evaluations`: the entity to re-score now. */
export const entityEvaluationBodySchema = z.strictObject({
  entityRef: ref('entityRef'),
});
