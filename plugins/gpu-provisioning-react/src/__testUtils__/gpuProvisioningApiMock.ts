import { createApiMock } from '@backstage/frontend-test-utils';
import { gpuProvisioningApiRef } from '../api';

/**
 * A mock of the GPU provisioning API whose methods are jest mocks, usable in
 * `renderInTestApp({ apis: [...] })` as is.
 *
 * @public
 */
export const gpuProvisioningApiMock = createApiMock(
  gpuProvisioningApiRef,
  () => ({
    getCapacity: jest.fn(),
    getClasses: jest.fn(),
    getQuota: jest.fn(),
    getStartEstimate: jest.fn(),
    getCalendar: jest.fn(),
    listRequests: jest.fn(),
    getRequest: jest.fn(),
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
