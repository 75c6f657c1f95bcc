import { parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import type { ModelMetadata } from './types';

/**
 * Precisions a model can be stored or served at, widest first.
 *
 * @public
 */
export const MODEL_PRECISIONS = [
  'fp32',
  'fp16',
  'bf16',
  'fp8',
  'int8',
  'int4',
  'fp4',
] as const;

/**
 * Data classification levels, lowest first.
 *
 * @public
 */
export const DATA_CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;

const precision = z.enum(MODEL_PRECISIONS);
const text = z.string().trim().min(1);

const entityRef = text.refine(
  value => {
    try {
      parseEntityRef(value, { defaultKind: 'resource' });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an entity ref such as resource:default/llama-3-1-8b' },
);

/**
 * The zod schema of `spec.model`. Strict: unknown keys are errors, so a typo
 * does not silently drop a field.
 *
 * @public
 */
export const modelMetadataSchema = z
  .object({
    task: text.optional(),
    framework: text.optional(),
    parameters: z.number().int().positive().optional(),
    precision: precision.optional(),
    quantization: text.optional(),
    contextLength: z.number().int().positive().optional(),
    license: text.optional(),
    baseModel: entityRef.optional(),
    datasets: z.array(text).optional(),
    evaluations: z
      .array(
        z
          .object({
            name: text,
            dataset: text.optional(),
            metric: text,
            value: z.number(),
          })
          .strict(),
      )
      .optional(),
    intendedUse: text.optional(),
    limitations: text.optional(),
    trainingDataClassification: z.enum(DATA_CLASSIFICATIONS).optional(),
    versions: z
      .array(
        z
          .object({
            version: text,
            aliases: z.array(text).optional(),
            stage: text.optional(),
            createdAt: z.iso.datetime({ offset: true }).optional(),
            artifactUri: text.optional(),
            description: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    servingEndpoints: z
      .array(
        z
          .object({
            url: text,
            name: text.optional(),
            server: entityRef.optional(),
          })
          .strict(),
      )
      .optional(),
    gpuMemoryGiB: z.partialRecord(precision, z.number().positive()).optional(),
    fitsOn: z.array(text).optional(),
  })
  .strict();

/**
 * The outcome of validating `spec.model`.
 *
 * @public
 */
export type ModelMetadataValidation =
  | { ok: true; value: ModelMetadata }
  | { ok: false; errors: string[] };

/**
 * Validates `spec.model`; each error names the field, for example
 * `spec.model.parameters: Invalid input: expected number, received string`.
 *
 * @public
 */
export function validateModelMetadata(value: unknown): ModelMetadataValidation {
  const result = modelMetadataSchema.safeParse(value);
  if (result.success) {
    return { ok: true, value: result.data as ModelMetadata };
  }
  return {
    ok: false,
    errors: result.error.issues.map(issue => {
      const path = ['spec', 'model', ...issue.path.map(String)].join('.');
      const keys =
        issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${path}: ${issue.message}${keys}`;
    }),
  };
}
