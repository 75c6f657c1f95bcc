export { CapacityCalendar } from './CapacityCalendar';
export type { CapacityCalendarProps } from './CapacityCalendar';
