export {
  NO_DATA,
  formatNumber,
  formatCurrency,
  formatCurrencyCompact,
  formatPercent,
  formatShare,
  formatChangeRatio,
  formatGpuHours,
} from './numbers';
export { formatHours, formatTimeLeft, msUntil } from './durations';
export { formatDateTime, formatDate, formatWeekdayTime } from './dates';
export type { Instant } from './dates';
