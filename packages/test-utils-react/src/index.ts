export { gpuProvisioningApiMock } from './gpuProvisioningApiMock';
