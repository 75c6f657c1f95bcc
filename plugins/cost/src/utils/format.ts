const formats = new Map<string, Intl.NumberFormat>();
const compactFormats = new Map<string, Intl.NumberFormat>();
const numberFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 1,
});

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formats.set(currency, format);
  }
  return format;
}

/** An amount of money: `$1,460.50`. */
export function formatCurrency(amount: number, currency = 'USD'): string {
  return currencyFormat(currency).format(amount);
}

/** A short amount for chart axes: `$1.5K`, `$12M`. */
export function formatCurrencyCompact(
  amount: number,
  currency = 'USD',
): string {
  let format = compactFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    compactFormats.set(currency, format);
  }
  return format.format(amount);
}

/** A number with thousands separators and at most one decimal. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** A ratio as a signed percentage: `+12.5%`, `-3%`. */
export function formatChangeRatio(ratio: number): string {
  const sign = ratio > 0 ? '+' : '';
  return `${sign}${numberFormat.format(ratio * 100)}%`;
}

/** A share of a whole as a percentage: `41.5%`. */
export function formatShare(part: number, whole: number): string {
  if (whole === 0) return '0%';
  return `${numberFormat.format((part / whole) * 100)}%`;
}

/** A day `YYYY-MM-DD` for people: `22 Nov 2026`. */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** A bucket's first day as a chart tick, by granularity. */
export function formatBucket(
  day: string,
  granularity: 'day' | 'week' | 'month',
): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (granularity === 'month') {
    return date.toLocaleDateString('en-GB', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  }
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** The name part of an entity ref, for labels: `group:default/ml` → `ml`. */
export function refName(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':');
  return ref.slice(Math.max(slash, colon) + 1);
}
