import { z } from 'zod';
import { DATA_CLASSIFICATIONS, GPU_PURPOSES } from './types';

const ENTITY_REF = /^[a-z0-9_-]+:[a-z0-9_.-]+\/[a-z0-9_.-]+$/i;

/**
 * The shape of a GPU request, shared by the form (live validation) and the
 * backend (the API's contract). Limits that depend on config, such as the
 * maximum duration, are checked by the backend's policy.
 *
 * @public
 */
export const gpuRequestInputSchema = z
  .object({
    team: z
      .string()
      .regex(
        /^group:[a-z0-9_.-]+\/[a-z0-9_.-]+$/i,
        'must be a group entity ref, e.g. group:default/ml-platform',
      ),
    entityRef: z
      .string()
      .regex(
        ENTITY_REF,
        'must be an entity ref, e.g. component:default/assistant-api',
      )
      .refine(
        ref => /^(component|system):/i.test(ref),
        'must refer to a Component or a System',
      )
      .optional(),
    cluster: z.string().min(1, 'is required').max(63),
    gpuClass: z.string().min(1, 'is required').max(63),
    migProfile: z
      .string()
      .regex(/^\d+g\.\d+gb$/, 'must be a MIG profile such as 1g.10gb')
      .optional(),
    count: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(512, 'must be at most 512'),
    durationHours: z
      .number({ error: 'must be a number' })
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1 hour')
      .max(24 * 90, 'must be at most 90 days'),
    purpose: z.enum(GPU_PURPOSES, {
      error: `must be one of ${GPU_PURPOSES.join(', ')}`,
    }),
    dataClassification: z.enum(DATA_CLASSIFICATIONS, {
      error: `must be one of ${DATA_CLASSIFICATIONS.join(', ')}`,
    }),
    justification: z
      .string()
      .trim()
      .min(10, 'must say in at least 10 characters why the GPUs are needed')
      .max(2000, 'must be at most 2000 characters'),
  })
  .strict();

/** Extending a grant. @public */
export const gpuRequestExtendSchema = z
  .object({
    additionalHours: z
      .number({ error: 'must be a number' })
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1 hour')
      .max(24 * 30, 'must be at most 30 days'),
  })
  .strict();

/** Shrinking an active grant to fewer GPUs. @public */
export const gpuRequestShrinkSchema = z
  .object({
    count: z
      .number({ error: 'must be a number' })
      .int('must be a whole number of GPUs')
      .min(1, 'must be at least 1; release the grant to give back every GPU')
      .max(511, 'must be at most 511'),
  })
  .strict();

/** Keeping an idle grant from the idle policy. @public */
export const gpuRequestKeepSchema = z
  .object({
    hours: z
      .number({ error: 'must be a number' })
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1 hour')
      .max(24 * 30, 'must be at most 30 days')
      .optional(),
  })
  .strict();

/** Rejecting a request. @public */
export const gpuRequestRejectSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(3, 'must give a reason')
      .max(1000, 'must be at most 1000 characters'),
  })
  .strict();

/**
 * Field errors of a failed parse, one message per field, as the API reports
 * them (`count: must be at least 1`).
 *
 * @public
 */
export function describeIssues(
  error: z.ZodError,
): Array<{ field: string; message: string }> {
  return error.issues.map(issue => ({
    field:
      issue.path.join('.') ||
      (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(body)'),
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''}`
        : issue.message,
  }));
}
