import { createApiMock } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { gpuMetricsApiRef } from '../api';
import {
  forbiddenBody,
  invalidAnnotationBody,
  unavailableBody,
} from '../__fixtures__/metrics';

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

function errorOf(
  body: object,
  status: number,
  statusText: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      statusText,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

/** The error the client throws when the backend answers 503. */
export function unavailableError(): Promise<ResponseError> {
  return errorOf(unavailableBody, 503, 'Service Unavailable');
}

/** The error the client throws when the caller may not read the usage (403). */
export function forbiddenError(): Promise<ResponseError> {
  return errorOf(forbiddenBody, 403, 'Forbidden');
}

/** The error the client throws for an entity with a malformed annotation (400). */
export function invalidAnnotationError(): Promise<ResponseError> {
  return errorOf(invalidAnnotationBody, 400, 'Bad Request');
}
