import { parseEntityRef } from '@backstage/catalog-model';

const HOUR_MS = 60 * 60 * 1000;

const currencyFormat = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
});
const numberFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 1,
});

/** An amount in the portal's currency: `$1,234.50`. */
export function formatCurrency(amount: number): string {
  return currencyFormat.format(amount);
}

/** A number with thousands separators and at most one decimal. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** Framebuffer size from MiB, as NVIDIA names it: `80 GB`, `9.5 GB`. */
export function formatMemory(mib: number): string {
  return `${numberFormat.format(mib / 1024)} GB`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A duration in hours for people: `8 hours`, `1 day`, `3 days 6 hours`, `1 week`. */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0) return '—';
  if (hours % 168 === 0) return plural(hours / 168, 'week');
  if (hours < 24) return plural(hours, 'hour');
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest
    ? `${plural(days, 'day')} ${plural(rest, 'hour')}`
    : plural(days, 'day');
}

/**
 * Time until an instant, compact and live-friendly: `2 d 4 h`, `3 h 12 min`,
 * `45 min`; `expired` once past.
 */
export function formatTimeLeft(until: string | undefined, now: number): string {
  if (!until) return '—';
  const ms = new Date(until).getTime() - now;
  if (Number.isNaN(ms)) return '—';
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  return `${Math.max(mins, 1)} min`;
}

/** Milliseconds until an instant, `Infinity` when there is none (for sorting). */
export function msUntil(until: string | undefined, now: number): number {
  if (!until) return Number.POSITIVE_INFINITY;
  const ms = new Date(until).getTime() - now;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** A date and time in the user's locale: `Mon, 12 May, 14:00`. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** When a grant that starts now would end. */
export function endOf(hours: number, now: number): string {
  return new Date(now + hours * HOUR_MS).toISOString();
}

/** The name part of an entity ref: `group:default/ml-platform` → `ml-platform`. */
export function entityName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** What a request holds: `A100 80GB` or `A100 80GB · MIG 1g.10gb`. */
export function formatGpu(
  request: { gpuClass: string; migProfile?: string },
  displayNames?: Record<string, string>,
): string {
  const name = displayNames?.[request.gpuClass] ?? request.gpuClass;
  return request.migProfile ? `${name} · MIG ${request.migProfile}` : name;
}

/** `GPU-hours` for a number of them. */
export function formatGpuHours(gpuHours: number): string {
  return `${formatNumber(gpuHours)} GPU-hour${gpuHours === 1 ? '' : 's'}`;
}

/** A count of what a grant holds: `1 GPU`, `4 GPUs`, `3 MIG 1g.10gb instances`. */
export function formatUnits(count: number, migProfile?: string): string {
  if (migProfile) {
    return `${count} MIG ${migProfile} instance${count === 1 ? '' : 's'}`;
  }
  return `${count} GPU${count === 1 ? '' : 's'}`;
}
