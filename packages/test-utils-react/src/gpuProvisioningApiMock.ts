import { createApiMock } from '@backstage/frontend-test-utils';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';

/**
 * A mock of the GPU provisioning API whose methods are jest mocks, usable in
 * `renderInTestApp({ apis: [...] })` as is. Every plugin that shows grants
 * (gpu-provisioning, gpu-metrics) and the web library itself use this one.
 */
export const gpuProvisioningApiMock = createApiMock(
  gpuProvisioningApiRef,
  () => ({
    getCapacity: jest.fn(),
    getClasses: jest.fn(),
    getQuota: jest.fn(),
    getQuotaSharing: jest.fn(),
    getStartEstimate: jest.fn(),
    getCalendar: jest.fn(),
    listRequests: jest.fn(),
    getRequest: jest.fn(),
    getQueuePosition: jest.fn(),
    createRequest: jest.fn(),
    approveRequest: jest.fn(),
    rejectRequest: jest.fn(),
    extendRequest: jest.fn(),
    releaseRequest: jest.fn(),
    shrinkRequest: jest.fn(),
    notifyIdle: jest.fn(),
    keepRequest: jest.fn(),
    listIdleGrants: jest.fn(),
    getIdlePolicyReport: jest.fn(),
  }),
);
