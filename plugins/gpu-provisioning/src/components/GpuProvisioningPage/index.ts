export { GpuProvisioningPage } from './GpuProvisioningPage';
export { GpuProvisioningContent } from './GpuProvisioningContent';
