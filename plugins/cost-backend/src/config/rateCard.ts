import { readFileSync } from 'node:fs';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD');

/**
 * The rate card: hourly price per GPU class (or MIG profile) per cluster,
 * with effective dates. `schema/rate-card.schema.json` is this schema in
 * JSON Schema form (a test keeps them equal).
 */
export const rateCardSchema = z
  .strictObject({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .describe('Currency of every rate (ISO 4217)'),
    rates: z
      .array(
        z
          .strictObject({
            cluster: z
              .string()
              .min(1)
              .describe('Cluster name, or * for every cluster'),
            gpuClass: z.string().min(1).describe('GPU class id, e.g. h100'),
            migProfile: z
              .string()
              .min(1)
              .optional()
              .describe('MIG profile, e.g. 1g.10gb; absent for whole GPUs'),
            hourlyRate: z
              .number()
              .nonnegative()
              .describe('Price of one GPU-hour (or MIG instance-hour)'),
            effectiveFrom: day.describe('First day the rate applies (UTC)'),
            effectiveTo: day
              .optional()
              .describe(
                'First day the rate no longer applies; open-ended when absent',
              ),
          })
          .refine(r => !r.effectiveTo || r.effectiveTo > r.effectiveFrom, {
            message: 'effectiveTo must be after effectiveFrom',
            path: ['effectiveTo'],
          }),
      )
      .min(1)
      .describe(
        'Rates; the most specific (exact cluster over *) applicable rate wins',
      ),
  })
  .describe('GPU-hour rate card of the cost plugin');

/** A parsed rate card. */
export type RateCard = z.infer<typeof rateCardSchema>;

/** Validates a rate card, naming the field of the first problems. */
export function parseRateCard(value: unknown, source: string): RateCard {
  const result = rateCardSchema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid rate card in ${source}: ${result.error.issues
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

/** Reads and validates a rate card JSON file. */
export function readRateCardFile(path: string): RateCard {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`Cannot read rate card file ${path}: ${error}`);
  }
  if (json && typeof json === 'object' && '$schema' in json) {
    const { $schema: _schema, ...card } = json as Record<string, unknown>;
    return parseRateCard(card, path);
  }
  return parseRateCard(json, path);
}

/**
 * The hourly rate of a GPU class or MIG profile on a cluster on a day, or
 * undefined when the rate card has none.
 */
export function rateFor(
  card: RateCard,
  query: {
    cluster: string;
    gpuClass: string;
    migProfile?: string;
    day: string;
  },
): number | undefined {
  const applicable = card.rates.filter(
    r =>
      (r.cluster === query.cluster || r.cluster === '*') &&
      r.gpuClass === query.gpuClass &&
      (r.migProfile ?? undefined) === (query.migProfile ?? undefined) &&
      r.effectiveFrom <= query.day &&
      (!r.effectiveTo || query.day < r.effectiveTo),
  );
  applicable.sort(
    (a, b) =>
      Number(b.cluster !== '*') - Number(a.cluster !== '*') ||
      b.effectiveFrom.localeCompare(a.effectiveFrom),
  );
  return applicable[0]?.hourlyRate;
}
