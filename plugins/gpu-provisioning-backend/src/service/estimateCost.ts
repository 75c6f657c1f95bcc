/**
 * The estimated cost of `count` GPUs (or MIG instances) for `hours` at
 * `hourlyRate` each, rounded to cents.
 */
export function estimateCost(options: {
  count: number;
  hours: number;
  hourlyRate: number;
}): number {
  return (
    Math.round(options.count * options.hours * options.hourlyRate * 100) / 100
  );
}
