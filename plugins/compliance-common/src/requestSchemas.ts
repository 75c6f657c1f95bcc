import { z } from 'zod';

/** No NUL characters: PostgreSQL text cannot hold them, and no ref or id has one. */
const noNul = (field: string) =>
  [
    (value: string) => !value.includes('\u0000'),
    `${field} must not contain NUL characters`,
  ] as const;

/** Body of `POST /waivers`. @public */
export const waiverInputSchema = z.object({
  entityRef: z
    .string()
    .min(1, 'entityRef is required')
    .max(1024, 'entityRef is too long')
    .refine(...noNul('entityRef')),
  checkId: z
    .string()
    .min(1, 'checkId is required')
    .max(128, 'checkId is too long')
    .refine(...noNul('checkId')),
  justification: z
    .string()
    .trim()
    .min(10, 'justification must be at least 10 characters')
    .max(2000)
    .refine(...noNul('justification')),
  expiresAt: z.iso.datetime({
    offset: true,
    message: 'expiresAt must be an ISO 8601 date-time',
  }),
});

/** A waiver request. @public */
export type WaiverInput = z.infer<typeof waiverInputSchema>;

/** Query of `GET /frameworks/:id/evidence`. @public */
export const evidenceQuerySchema = z.strictObject({
  control: z
    .string()
    .min(1)
    .max(256)
    .refine(...noNul('control'))
    .optional(),
  team: z
    .string()
    .min(1)
    .max(1024)
    .refine(...noNul('team'))
    .optional(),
  entityRef: z
    .string()
    .min(1)
    .max(1024)
    .refine(...noNul('entityRef'))
    .optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Query of `GET /history`. @public */
export const historyQuerySchema = z.strictObject({
  subjectRef: z
    .string()
    .min(1, 'subjectRef is required')
    .max(1024, 'subjectRef is too long')
    .refine(...noNul('subjectRef')),
  days: z.coerce.number().int().min(1).max(366).default(90),
});
