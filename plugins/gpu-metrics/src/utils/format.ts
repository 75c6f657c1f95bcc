import { UsageWindow } from '../api';

const numberFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 1,
});
const currencyFormat = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
});

/** A number with thousands separators and at most one decimal. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** Shown where the API has no sample (`null`). */
export const NO_DATA = '—';

/** A percentage: `41.5%`, or {@link NO_DATA}. */
export function formatPercent(value: number | null): string {
  return value === null ? NO_DATA : `${numberFormat.format(value)}%`;
}

/** An amount in the portal's currency: `$1,460.50`. */
export function formatCurrency(amount: number): string {
  return currencyFormat.format(amount);
}

/** `12.5 GPU-hours`, `1 GPU-hour`. */
export function formatGpuHours(gpuHours: number): string {
  return `${formatNumber(gpuHours)} GPU-hour${gpuHours === 1 ? '' : 's'}`;
}

/** Memory from MiB in GiB: `40.5 GiB`, or {@link NO_DATA}. */
export function formatMemory(mib: number | null): string {
  return mib === null ? NO_DATA : `${numberFormat.format(mib / 1024)} GiB`;
}

/** `1 GPU`, `4 GPUs`. */
export function formatGpus(count: number): string {
  return `${formatNumber(count)} GPU${count === 1 ? '' : 's'}`;
}

/** The window for people: `last 24 hours`. */
export const WINDOW_LABELS: Record<UsageWindow, string> = {
  '1h': 'last hour',
  '6h': 'last 6 hours',
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
};

/**
 * A time axis tick: the time of day for windows up to a day, the date and
 * hour beyond.
 */
export function formatTick(unixSeconds: number, window: UsageWindow): string {
  const date = new Date(unixSeconds * 1000);
  if (window === '7d' || window === '30d') {
    return date.toLocaleString('en-GB', {
      day: 'numeric',
      month: 'short',
      hour: window === '7d' ? '2-digit' : undefined,
      minute: window === '7d' ? '2-digit' : undefined,
    });
  }
  return date.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A full date and time: `22 Nov 2026, 14:00`. */
export function formatDateTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
