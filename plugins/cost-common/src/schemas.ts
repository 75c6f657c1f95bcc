import { z } from 'zod';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day, `YYYY-MM-DD`, as every cost query takes it. @public */
export const costDaySchema = z
  .string()
  .regex(DAY, 'must be a date in the form YYYY-MM-DD')
  .refine(
    value =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'is not a valid calendar date',
  );

/** The entity ref a cost query is about. @public */
export const costEntityRefSchema = z
  .string()
  .min(1, 'is required')
  .max(255, 'is too long')
  .regex(
    /^[A-Za-z0-9_-]+:([A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/,
    'must be an entity ref such as group:default/products',
  );

const isoDay = costDaySchema;
const entityRef = costEntityRefSchema;

/** Validates a range and that it is ordered and at most 3 years long. */
function withRange<T extends { from: string; to: string }>(
  schema: z.ZodType<T>,
) {
  return schema.superRefine((value, ctx) => {
    const from = Date.parse(`${value.from}T00:00:00Z`);
    const to = Date.parse(`${value.to}T00:00:00Z`);
    if (to < from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'must not be before from',
      });
    } else if (to - from > 3 * 366 * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'range must be at most 3 years',
      });
    }
  });
}

/** Query of `GET /costs`. @public */
export const costQuerySchema = withRange(
  z.strictObject({
    entityRef,
    from: isoDay,
    to: isoDay,
    granularity: z.enum(['day', 'week', 'month']).default('day'),
    splitBy: z
      .enum([
        'service',
        'provider',
        'gpuClass',
        'childTeam',
        'subAccount',
        'entity',
      ])
      .optional(),
    metric: z.enum(['billed', 'effective']).default('billed'),
  }),
);

/** Query of `GET /costs/export.csv` (same as `GET /costs`). @public */
export const costExportQuerySchema = costQuerySchema;

/** Query of `GET /forecast`. @public */
export const forecastQuerySchema = z.strictObject({
  entityRef,
  metric: z.enum(['billed', 'effective']).default('billed'),
});

/** Query of `GET /top-spenders`. @public */
export const topSpendersQuerySchema = withRange(
  z.strictObject({
    entityRef,
    from: isoDay,
    to: isoDay,
    by: z.enum(['team', 'entity', 'service']).default('team'),
    limit: z.coerce.number().int().min(1).max(100).default(10),
    metric: z.enum(['billed', 'effective']).default('billed'),
  }),
);

/** Query of `GET /idle-waste`. @public */
export const idleWasteQuerySchema = withRange(
  z.strictObject({
    entityRef,
    from: isoDay,
    to: isoDay,
  }),
);

/** Query of `GET /kubernetes/focus.csv`. @public */
export const focusExportQuerySchema = withRange(
  z.strictObject({
    from: isoDay,
    to: isoDay,
  }),
);

/** Query of `GET /budgets`. @public */
export const budgetsQuerySchema = z.strictObject({
  entityRef: entityRef.optional(),
});

/** Largest budget amount: fits a signed 64-bit integer of nano-units. */
const BUDGET_AMOUNT_MAX = 9_000_000_000;

/** Body of `POST /budgets` and `PUT /budgets/:id`. @public */
export const budgetInputSchema = z.strictObject({
  groupRef: entityRef.refine(
    ref => ref.startsWith('group:'),
    'must be a group ref such as group:default/products',
  ),
  // The backend stores amounts as 64-bit nano-units (at most about 9.22e9).
  amount: z
    .number({ error: 'must be a number' })
    .positive('must be greater than 0')
    .max(BUDGET_AMOUNT_MAX, `must be at most ${BUDGET_AMOUNT_MAX}`),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
});

/** Query of `POST /ingest/upload` (the body is the file, CSV or gzip). @public */
export const uploadQuerySchema = z.strictObject({
  fileName: z
    .string()
    .min(1, 'is required')
    .max(255, 'is too long')
    .regex(/^[^/\\\0]+$/, 'must be a file name without directories'),
});

/** Query of `GET /ingest/status`. @public */
export const ingestStatusQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

/** Parsed `GET /costs` query. @public */
export type CostQuery = z.infer<typeof costQuerySchema>;
/** Parsed `GET /forecast` query. @public */
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;
/** Parsed `GET /top-spenders` query. @public */
export type TopSpendersQuery = z.infer<typeof topSpendersQuerySchema>;
/** Parsed `GET /idle-waste` query. @public */
export type IdleWasteQuery = z.infer<typeof idleWasteQuerySchema>;
/** Parsed `GET /kubernetes/focus.csv` query. @public */
export type FocusExportQuery = z.infer<typeof focusExportQuerySchema>;
/** Parsed budget body. @public */
export type BudgetInput = z.infer<typeof budgetInputSchema>;
/** Budget body as sent (currency optional). @public */
export type BudgetRequest = z.input<typeof budgetInputSchema>;
