/** The sum of nano-units. */
export function sumNanos(values: Iterable<bigint>): bigint {
  let sum = 0n;
  for (const v of values) sum += v;
  return sum;
}

/** An amount rounded to six decimals, as every answer reports it. */
export const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** The currency carrying most of the amount; `fallback` when there are no rows. */
export function dominantCurrency(
  rows: Array<{ currency: string; amount: number }>,
  fallback: string,
): string {
  const totals = new Map<string, number>();
  for (const r of rows) {
    totals.set(r.currency, (totals.get(r.currency) ?? 0) + Math.abs(r.amount));
  }
  let best = fallback;
  let max = -1;
  for (const [currency, total] of totals) {
    if (total > max) {
      best = currency;
      max = total;
    }
  }
  return best;
}
