import { screen, waitFor } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { GpuProvisioningPage } from './GpuProvisioningPage';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import {
  capacity,
  catalogEntities,
  classes,
  policy,
} from '../../__fixtures__/gpu';
import { makeCalendar } from '../../__fixtures__/calendar';

async function forbidden() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'for approvers' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

function render(listRequests: jest.Mock) {
  const api = gpuProvisioningApiMock({
    getCapacity: jest.fn().mockResolvedValue(capacity),
    getClasses: jest.fn().mockResolvedValue({ classes, policy }),
    getQuota: jest.fn().mockResolvedValue({ items: [] }),
    getCalendar: jest
      .fn()
      .mockResolvedValue(makeCalendar({ from: Date.now() })),
    listRequests,
  });
  renderInTestApp(<GpuProvisioningPage />, {
    mountPath: '/gpu/*',
    initialRouteEntries: ['/gpu'],
    apis: [
      api,
      mockApis.identity({ userEntityRef: 'user:default/guest' }),
      catalogApiMock({ entities: catalogEntities }),
    ],
  });
}

describe('GpuProvisioningPage', () => {
  it('shows the approvals tab to approvers only', async () => {
    render(jest.fn().mockResolvedValue({ items: [] }));
    expect(
      await screen.findByRole('tab', { name: 'Approvals' }),
    ).toBeInTheDocument();
  });

  it('hides the approvals tab from users the backend refuses the queue', async () => {
    const listRequests = jest.fn().mockRejectedValue(await forbidden());
    render(listRequests);
    await screen.findByRole('figure', { name: 'Whole GPUs on gpu-a' });
    await waitFor(() =>
      expect(listRequests).toHaveBeenCalledWith({
        scope: 'all',
        status: 'pending-approval',
      }),
    );
    expect(
      screen.queryByRole('tab', { name: 'Approvals' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'My requests' }),
    ).toBeInTheDocument();
  });

  it('has a header and moves between its tabs', async () => {
    render(jest.fn().mockResolvedValue({ items: [] }));

    expect(
      screen.getByRole('heading', { name: 'GPU provisioning' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('tab', { name: 'Capacity', selected: true }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('figure', { name: 'Whole GPUs on gpu-a' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Request GPUs' }));
    expect(
      await screen.findByRole('form', { name: 'GPU request' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Request GPUs', selected: true }),
    ).toBeInTheDocument();
  });
});
