export { ModelEntityContent } from './ModelEntityContent';
export { ModelCardCard } from './ModelCardCard';
export { ModelDeploymentsCard } from './ModelDeploymentsCard';
export { ModelGpuFitCard } from './ModelGpuFitCard';
export { ModelLineageCard } from './ModelLineageCard';
export { ModelOverviewCard } from './ModelOverviewCard';
export { ModelVersionsCard } from './ModelVersionsCard';
