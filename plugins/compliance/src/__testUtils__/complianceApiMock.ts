import { createApiMock } from '@backstage/frontend-test-utils';
import { complianceApiRef } from '../api';

/** A mock of the compliance API whose methods are jest mocks. */
export const complianceApiMock = createApiMock(complianceApiRef, () => ({
  getFrameworks: jest.fn(),
  getEntity: jest.fn(),
  getHeatmap: jest.fn(),
  getRollup: jest.fn(),
  getHistory: jest.fn(),
  getMatrix: jest.fn(),
  getEvidence: jest.fn(),
  downloadEvidence: jest.fn(),
  createWaiver: jest.fn(),
  revokeWaiver: jest.fn(),
  recheckEntity: jest.fn(),
}));
