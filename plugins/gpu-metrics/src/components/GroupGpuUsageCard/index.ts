export { GroupGpuUsageCard } from './GroupGpuUsageCard';
