/**
 * Numbers, money, percentages and GPU-hours, formatted the same way on every
 * page of the suite (en-US separators, at most one decimal).
 */

/** Shown where there is no value, such as a metric without a sample. @public */
export const NO_DATA = '—';

const numberFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 1,
});
const currencyFormats = new Map<string, Intl.NumberFormat>();
const compactCurrencyFormats = new Map<string, Intl.NumberFormat>();

function cached(
  formats: Map<string, Intl.NumberFormat>,
  currency: string,
  options: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      ...options,
    });
    formats.set(currency, format);
  }
  return format;
}

/** A number with thousands separators and at most one decimal: `1,234.5`. @public */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** An amount of money, in US dollars unless told: `$1,460.50`. @public */
export function formatCurrency(amount: number, currency = 'USD'): string {
  return cached(currencyFormats, currency, {}).format(amount);
}

/** A short amount for chart axes: `$1.5K`, `$12M`. @public */
export function formatCurrencyCompact(
  amount: number,
  currency = 'USD',
): string {
  return cached(compactCurrencyFormats, currency, {
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(amount);
}

/** A percentage given in percent: `41.5%`; {@link NO_DATA} for `null`. @public */
export function formatPercent(value: number | null): string {
  return value === null ? NO_DATA : `${numberFormat.format(value)}%`;
}

/** A share of a whole as a percentage: `41.5%`; `0%` of nothing. @public */
export function formatShare(part: number, whole: number): string {
  if (whole === 0) return '0%';
  return formatPercent((part / whole) * 100);
}

/** A ratio as a signed percentage: `+12.5%`, `-3%`. @public */
export function formatChangeRatio(ratio: number): string {
  const sign = ratio > 0 ? '+' : '';
  return `${sign}${formatPercent(ratio * 100)}`;
}

/** GPU time: `12.5 GPU-hours`, `1 GPU-hour`. @public */
export function formatGpuHours(gpuHours: number): string {
  return `${formatNumber(gpuHours)} GPU-hour${gpuHours === 1 ? '' : 's'}`;
}
