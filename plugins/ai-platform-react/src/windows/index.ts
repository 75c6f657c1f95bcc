export { WindowToggle } from './WindowToggle';
export type { WindowToggleProps } from './WindowToggle';
export { ClusterErrorAlerts } from './ClusterErrorAlerts';
export type { ClusterErrorAlertsProps } from './ClusterErrorAlerts';
export { WINDOW_LABELS, formatWindowTick } from './timeWindows';
export type { TimeWindow } from './timeWindows';
