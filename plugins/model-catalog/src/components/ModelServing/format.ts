import {
  formatCurrency,
  formatNumber,
  NO_DATA,
} from '@ai-platform/plugin-ai-platform-react';

/** Serving's own formatters; numbers and money come from `@ai-platform/plugin-ai-platform-react`. */

/** A rate per second: `1,234.5/s`. */
export function formatRate(perSecond: number, unit = ''): string {
  return `${formatNumber(perSecond)}${unit ? ` ${unit}` : ''}/s`;
}

/** A latency: `850 ms` below a second, `2.4 s` above; {@link NO_DATA} for `null`. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return NO_DATA;
  return seconds < 1
    ? `${formatNumber(Math.round(seconds * 1000))} ms`
    : `${formatNumber(seconds)} s`;
}

/** Memory from MiB in GiB: `40.5 GiB`, or {@link NO_DATA}. */
export function formatMemory(mib: number | null): string {
  return mib === null ? NO_DATA : `${formatNumber(mib / 1024)} GiB`;
}

const compactTokens = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** A token count, short: `1.2M`, `850K`, `12`. */
export function formatTokens(tokens: number): string {
  return compactTokens.format(tokens);
}

const smallPrices = new Map<string, Intl.NumberFormat>();

/**
 * Money given as a decimal string: `$1.23`, and below a cent with two
 * significant digits (`$0.0042`) so cheap models do not all read `$0.00`;
 * {@link NO_DATA} when there is none.
 */
export function formatMoney(
  decimal: string | null | undefined,
  currency = 'USD',
): string {
  if (decimal === null || decimal === undefined || decimal === '') {
    return NO_DATA;
  }
  const value = Number(decimal);
  if (!Number.isFinite(value)) return NO_DATA;
  if (value === 0 || value >= 0.01) return formatCurrency(value, currency);
  let format = smallPrices.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumSignificantDigits: 2,
    });
    smallPrices.set(currency, format);
  }
  return format.format(value);
}
