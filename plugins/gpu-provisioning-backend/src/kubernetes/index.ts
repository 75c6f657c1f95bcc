export { createKubernetesGrantServices } from './createKubernetesGrantServices';
export { KubernetesClusters } from './KubernetesClusters';
export type { KubernetesClusterDetails } from './KubernetesClusters';
export { KubernetesCapacityReader } from './KubernetesCapacityReader';
export { KubernetesProvisioner } from './KubernetesProvisioner';
