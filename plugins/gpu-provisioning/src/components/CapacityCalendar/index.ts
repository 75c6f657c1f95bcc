export { CapacityCalendar, CapacityCalendarView } from './CapacityCalendar';
export type {
  CapacityCalendarProps,
  CapacityCalendarViewProps,
} from './CapacityCalendar';
export { useCalendar } from './useCalendar';
export { teamQuotaThrough } from './teamQuotaThrough';
