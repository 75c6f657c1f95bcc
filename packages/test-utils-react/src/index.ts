export { gpuProvisioningApiMock } from './gpuProvisioningApiMock';
export { withFreshPermissionCache } from './withFreshPermissionCache';
