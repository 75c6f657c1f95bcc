/** Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, plenty for bucket shares. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly =
    t *
    (0.254829592 +
      t *
        (-0.284496736 +
          t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

/** A log-normal latency distribution. */
export interface LogNormal {
  /** Share of observations at or below `x`. */
  cdf(x: number): number;
  mean: number;
}

/** The log-normal distribution with this median and log-space sigma. */
export function logNormal(median: number, sigma: number): LogNormal {
  const mu = Math.log(median);
  return {
    cdf: x =>
      x <= 0 ? 0 : 0.5 * (1 + erf((Math.log(x) - mu) / (sigma * Math.SQRT2))),
    mean: Math.exp(mu + (sigma * sigma) / 2),
  };
}
