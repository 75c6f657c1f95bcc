import {
  costDaySchema,
  costEntityRefSchema,
} from '@ai-platform/plugin-cost-common';
import { z } from 'zod';

const isoDay = costDaySchema;
const entityRef = costEntityRefSchema;
// PostgreSQL text holds no NUL, and no billing value has control characters:
// refused here, before a streamed export has sent its 200.
const text = z
  .string()
  .min(1, 'is required')
  .max(255, 'is too long')
  .refine(
    value => ![...value].some(c => c < ' ' || c === '\u007f'),
    'must not contain control characters',
  );
/** `YYYY-MM-DD~id` of the last line item of a page. */
const CURSOR = /^(\d{4}-\d{2}-\d{2})~(\d{1,18})$/;
/** A drill-down reads at most about three months of line items. */
const MAX_DAYS = 92;

const filters = z.strictObject({
  entityRef,
  from: isoDay,
  to: isoDay,
  service: text.optional(),
  subAccount: text.optional(),
  provider: text.optional(),
});

function checkRange(
  value: { from: string; to: string },
  ctx: {
    addIssue(issue: { code: 'custom'; path: string[]; message: string }): void;
  },
) {
  const days =
    (Date.parse(`${value.to}T00:00:00Z`) -
      Date.parse(`${value.from}T00:00:00Z`)) /
    86_400_000;
  if (days < 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'must not be before from',
    });
  } else if (days >= MAX_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `range must be at most ${MAX_DAYS} days`,
    });
  }
}

/** Query of `GET /line-items`: one page of a team's or entity's line items. */
export const lineItemsQuerySchema = filters
  .extend({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    after: z
      .string()
      .regex(CURSOR, 'must be the next cursor of a previous page')
      .transform(value => {
        const [, day, id] = CURSOR.exec(value)!;
        return { day, id };
      })
      .optional(),
  })
  .superRefine(checkRange);

/** Query of `GET /line-items/export.csv`: every line item the filters select. */
export const lineItemsExportQuerySchema = filters.superRefine(checkRange);

/** Parsed `GET /line-items` query. */
export type LineItemsQuery = z.infer<typeof lineItemsQuerySchema>;
/** Parsed `GET /line-items/export.csv` query. */
export type LineItemsExportQuery = z.infer<typeof lineItemsExportQuerySchema>;

/** The cursor naming the position after a line item. */
export function lineItemCursor(item: { day: string; id: string }): string {
  return `${item.day}~${item.id}`;
}
