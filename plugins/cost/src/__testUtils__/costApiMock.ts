import { createApiMock } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { costApiRef } from '../api';

/**
 * A mock of the cost API whose methods are jest mocks, usable in
 * `renderInTestApp({ apis: [...] })` as is.
 */
export const costApiMock = createApiMock(costApiRef, () => ({
  getCosts: jest.fn(),
  exportCostsCsv: jest.fn(),
  getForecast: jest.fn(),
  getTopSpenders: jest.fn(),
  getIdleWaste: jest.fn(),
  getInferenceUsage: jest.fn(),
  getGroups: jest.fn(),
  getBudgets: jest.fn(),
  createBudget: jest.fn(),
  updateBudget: jest.fn(),
  deleteBudget: jest.fn(),
  canManageBudget: jest.fn(),
  getIngestStatus: jest.fn(),
  getIngestRun: jest.fn(),
  uploadBillingFile: jest.fn(),
  scanBillingFolders: jest.fn(),
  exportKubernetesFocusCsv: jest.fn(),
}));

/** The error the client throws when the backend answers with a status. */
export function responseError(
  status: number,
  message: string,
  name = status === 403 ? 'NotAllowedError' : 'Error',
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/api/cost/costs' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: status === 403 ? 'Forbidden' : 'Error',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/** Fakes only `Date`, so that "today" is fixed while promises and timers run. */
export function fixToday(iso: string): void {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
