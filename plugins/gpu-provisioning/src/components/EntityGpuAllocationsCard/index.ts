export { EntityGpuAllocationsCard } from './EntityGpuAllocationsCard';
