export { QueuePositionLine } from './QueuePositionLine';
export type { QueuePositionLineProps } from './QueuePositionLine';
