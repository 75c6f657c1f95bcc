/**
 * The estimated cost of `count` GPUs (or MIG instances) for `hours` at
 * `hourlyRate` each, in whole cents: the unit it is stored in.
 */
export function estimateCostCents(options: {
  count: number;
  hours: number;
  hourlyRate: number;
}): number {
  return Math.round(options.count * options.hours * options.hourlyRate * 100);
}

/** The estimated cost as a currency amount, rounded to cents. */
export function estimateCost(options: {
  count: number;
  hours: number;
  hourlyRate: number;
}): number {
  return estimateCostCents(options) / 100;
}
