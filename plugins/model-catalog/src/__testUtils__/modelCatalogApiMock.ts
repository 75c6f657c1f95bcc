import { createApiMock } from '@backstage/frontend-test-utils';
import { modelCatalogApiRef } from '../api';

/** A mock of the model catalog API whose methods are jest mocks. */
export const modelCatalogApiMock = createApiMock(modelCatalogApiRef, () => ({
  getModelCard: jest.fn(),
  getGpuClasses: jest.fn(),
  getServing: jest.fn(),
  getServingCosts: jest.fn(),
  listServingCosts: jest.fn(),
}));
