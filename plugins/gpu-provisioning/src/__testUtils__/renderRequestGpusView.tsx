import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ResponseError } from '@backstage/errors';
import { GpuProvisioningClient } from '@ai-platform/plugin-gpu-provisioning-react';
import { RequestGpusView } from '../components/RequestGpusView/RequestGpusView';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import {
  capacity,
  catalogEntities,
  classes,
  policy,
} from '../__fixtures__/gpu';

/** A `ResponseError` as the backend answers a refusal. */
export async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: status === 409 ? 'Conflict' : 'Error',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/**
 * Renders the request form for a member of ml-platform and data-science,
 * with the GPU provisioning API mocked and, for the calendar, `fetch`
 * answered by `fetchImpl` (a 404 when absent).
 */
export function renderRequestGpusView(
  options: { route?: string; fetchImpl?: typeof fetch } = {},
) {
  const fetchImpl =
    options.fetchImpl ??
    (jest.fn(async () => new Response('{}', { status: 404 })) as any);
  // The calendar goes through the real client over `fetchImpl`.
  const client = new GpuProvisioningClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch({ baseImplementation: fetchImpl }),
  });
  const api = gpuProvisioningApiMock({
    getCalendar: jest.fn(calendar => client.getCalendar(calendar)),
    getClasses: jest.fn().mockResolvedValue({ classes, policy }),
    getCapacity: jest.fn().mockResolvedValue(capacity),
    getQuota: jest.fn().mockResolvedValue({
      items: [
        {
          team: 'group:default/ml-platform',
          cluster: 'gpu-a',
          gpuClass: 'a100',
          limit: 8,
          used: 2,
          remaining: 6,
        },
      ],
    }),
  });
  renderInTestApp(<RequestGpusView />, {
    apis: [
      api,
      mockApis.identity({
        userEntityRef: 'user:default/guest',
        ownershipEntityRefs: ['user:default/guest', 'group:default/finance'],
      }),
      catalogApiMock({ entities: catalogEntities }),
    ],
    initialRouteEntries: [options.route ?? '/gpu/request'],
  });
  return api;
}

/** Chooses ml-platform and writes a justification: the rest has valid defaults. */
export async function fillValidRequest() {
  const user = userEvent.setup();
  await user.selectOptions(await screen.findByLabelText('Team'), [
    'group:default/ml-platform',
  ]);
  await user.click(screen.getByLabelText('Justification'));
  await user.paste('Fine-tune the assistant model on new data');
  return user;
}
