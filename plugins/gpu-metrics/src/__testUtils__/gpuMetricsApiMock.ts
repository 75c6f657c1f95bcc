import { createApiMock } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { gpuMetricsApiRef } from '../api';
import { unavailableBody } from '../__fixtures__/metrics';

/**
 * A mock of the GPU metrics API whose methods are jest mocks, usable in
 * `renderInTestApp({ apis: [...] })` as is.
 */
export const gpuMetricsApiMock = createApiMock(gpuMetricsApiRef, () => ({
  getEntityUsage: jest.fn(),
  getGroupUsage: jest.fn(),
  getFleetUsage: jest.fn(),
  getFleetHeatmap: jest.fn(),
}));

/** The error the client throws when the backend answers 503. */
export function unavailableError(): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(unavailableBody), {
      status: 503,
      statusText: 'Service Unavailable',
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}
