import { CostGranularity } from '@ai-platform/plugin-cost-common';
import { daysBetween, monthStart, today } from './dates';

/** A range the views offer: the last N calendar months, this one included. */
export interface RangeOption {
  id: string;
  label: string;
  months: number;
  /** The granularity that reads best for the range. */
  granularity: CostGranularity;
}

/** The ranges of the group page, shortest first. */
export const RANGE_OPTIONS: RangeOption[] = [
  { id: '1m', label: 'This month', months: 1, granularity: 'day' },
  { id: '3m', label: 'Last 3 months', months: 3, granularity: 'week' },
  { id: '6m', label: 'Last 6 months', months: 6, granularity: 'month' },
  { id: '12m', label: 'Last 12 months', months: 12, granularity: 'month' },
];

/** The first and last day of a range option, ending today (UTC). */
export function rangeOf(
  option: RangeOption,
  now: Date = new Date(),
): { from: string; to: string; days: number } {
  const to = today(now);
  const from = monthStart(to, option.months - 1);
  return { from, to, days: daysBetween(from, to) };
}
