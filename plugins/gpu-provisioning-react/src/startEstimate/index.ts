export { useStartEstimate } from './useStartEstimate';
export type { StartEstimateState } from './useStartEstimate';
export { startEstimateText } from './startEstimateText';
