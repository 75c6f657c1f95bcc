import { z } from 'zod';

/** Body of `POST /waivers`. @public */
export const waiverInputSchema = z.object({
  entityRef: z.string().min(1, 'entityRef is required'),
  checkId: z.string().min(1, 'checkId is required'),
  justification: z
    .string()
    .trim()
    .min(10, 'justification must be at least 10 characters')
    .max(2000),
  expiresAt: z.iso.datetime({
    offset: true,
    message: 'expiresAt must be an ISO 8601 date-time',
  }),
});

/** A waiver request. @public */
export type WaiverInput = z.infer<typeof waiverInputSchema>;

/** Query of `GET /frameworks/:id/evidence`. @public */
export const evidenceQuerySchema = z.object({
  control: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  entityRef: z.string().min(1).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Query of `GET /history`. @public */
export const historyQuerySchema = z.object({
  subjectRef: z.string().min(1, 'subjectRef is required'),
  days: z.coerce.number().int().min(1).max(366).default(90),
});
