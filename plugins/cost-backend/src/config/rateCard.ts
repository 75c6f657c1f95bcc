import {
  formatNanos,
  parseNanos,
} from '@ai-platform/plugin-ai-platform-common';
import { readFileSync } from 'node:fs';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { migShare, shareRateNanos } from '../gpu/migPricing';

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
              .describe(
                "MIG profile, e.g. 1g.10gb; absent for whole GPUs. Its rate must be the profile's compute-slice share of the class's whole-GPU rate",
              ),
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

/**
 * Why each explicit MIG rate cannot stand. A MIG instance is priced as its
 * compute slices' share of the whole GPU's rate (gpu/migPricing), the only
 * price at which a GPU's instances plus its idle part add up to the GPU's
 * cost. An explicit MIG rate is therefore only accepted where it is that
 * share (rounded to the nano-unit), on every cluster and day it would
 * apply; one that disagrees is refused rather than left to override the
 * share, since an override would charge teams more (or less) than the GPU
 * costs, with the difference belonging to nobody.
 */
function migRateProblems(card: RateCard): string[] {
  const problems: string[] = [];
  // Rates change only at these days, and clusters differ only by name;
  // '*' stands for every cluster without rates of its own.
  const clusters = [...new Set(['*', ...card.rates.map(r => r.cluster)])];
  const changes = [
    ...new Set(
      card.rates.flatMap(r =>
        r.effectiveTo ? [r.effectiveFrom, r.effectiveTo] : [r.effectiveFrom],
      ),
    ),
  ].sort();
  card.rates.forEach((rate, index) => {
    if (rate.migProfile === undefined) return;
    const at = `rates.${index}`;
    const found = migShare(rate.gpuClass, rate.migProfile);
    if ('error' in found) {
      problems.push(`${at}.migProfile: ${found.error}`);
      return;
    }
    const { numerator, denominator } = found.share;
    const explicit = parseNanos(String(rate.hourlyRate));
    for (const cluster of clusters) {
      for (const change of changes) {
        const query = { cluster, gpuClass: rate.gpuClass, day: change };
        if (
          rateRowFor(card, { ...query, migProfile: rate.migProfile }) !== rate
        ) {
          continue;
        }
        const where =
          cluster === '*'
            ? 'on clusters without their own rate'
            : `on ${cluster}`;
        const parent = rateFor(card, query);
        const parentNanos =
          parent === undefined ? null : parseNanos(String(parent));
        if (parentNanos === null) {
          problems.push(
            `${at}: no whole-GPU rate of ${rate.gpuClass} ${where} on ${change} for the ${rate.migProfile} rate to be a share of; MIG instances are priced from their GPU's rate`,
          );
          return;
        }
        const derived = shareRateNanos(BigInt(parentNanos), found.share);
        if (explicit === null || BigInt(explicit) !== derived) {
          problems.push(
            `${at}.hourlyRate: ${
              rate.hourlyRate
            } is not ${numerator}/${denominator} of the ${
              rate.gpuClass
            } rate ${parent} ${where} from ${change} (${formatNanos(
              derived,
            )}); remove it, so MIG instances and idle add up to the GPU's cost`,
          );
          return;
        }
      }
    }
  });
  return problems;
}

/**
 * Validates a rate card, naming the field of the first problems; explicit
 * MIG rates must be their share of the whole-GPU rate (migRateProblems).
 */
export function parseRateCard(value: unknown, source: string): RateCard {
  const result = rateCardSchema.safeParse(value);
  const problems = result.success
    ? migRateProblems(result.data)
    : result.error.issues.map(
        i => `${i.path.join('.') || '(root)'}: ${i.message}`,
      );
  if (!result.success || problems.length) {
    throw new InputError(
      `Invalid rate card in ${source}: ${problems.join('; ')}`,
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

interface RateQuery {
  cluster: string;
  gpuClass: string;
  migProfile?: string;
  day: string;
}

/**
 * The hourly rate of a GPU class or MIG profile on a cluster on a day, or
 * undefined when the rate card has none. GPU cost prices MIG instances from
 * the class's whole-GPU rate, which an explicit MIG rate must agree with.
 */
export function rateFor(card: RateCard, query: RateQuery): number | undefined {
  return rateRowFor(card, query)?.hourlyRate;
}

/** The rate card entry that applies to a query: exact cluster, then newest. */
function rateRowFor(
  card: RateCard,
  query: RateQuery,
): RateCard['rates'][number] | undefined {
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
  return applicable[0];
}
