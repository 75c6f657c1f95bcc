import { act, screen, waitFor } from '@testing-library/react';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { gpuApproverPermission } from '@ai-platform/plugin-gpu-provisioning-common';
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
import { withFreshPermissionCache } from '@ai-platform/test-utils-react';

/** The permission policy's answer to `gpu.approver`: allow, deny, or one the test gives later. */
type Definitive = AuthorizeResult.ALLOW | AuthorizeResult.DENY;
type PolicyAnswer = Definitive | Promise<Definitive>;

function render(approver: PolicyAnswer = AuthorizeResult.DENY) {
  const listRequests = jest.fn().mockResolvedValue({ items: [] });
  const api = gpuProvisioningApiMock({
    getCapacity: jest.fn().mockResolvedValue(capacity),
    getClasses: jest.fn().mockResolvedValue({ classes, policy }),
    getQuota: jest.fn().mockResolvedValue({ items: [] }),
    getCalendar: jest
      .fn()
      .mockResolvedValue(makeCalendar({ from: Date.now() })),
    listRequests,
  });
  const authorize = jest.fn(async (request: EvaluatePermissionRequest) => ({
    result:
      request.permission.name === gpuApproverPermission.name
        ? await approver
        : AuthorizeResult.DENY,
  }));
  renderInTestApp(withFreshPermissionCache(<GpuProvisioningPage />), {
    mountPath: '/gpu/*',
    initialRouteEntries: ['/gpu'],
    apis: [
      api,
      mockApis.identity({ userEntityRef: 'user:default/guest' }),
      catalogApiMock({ entities: catalogEntities }),
      mockApis.permission.mock({ authorize }),
    ],
  });
  return { listRequests, authorize };
}

describe('GpuProvisioningPage', () => {
  it('shows the approvals tab to approvers, with the queue', async () => {
    const { authorize } = render(AuthorizeResult.ALLOW);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Approvals' }),
    );
    expect(
      await screen.findByText('Nothing waiting for approval'),
    ).toBeInTheDocument();
    expect(authorize).toHaveBeenCalledWith({
      permission: gpuApproverPermission,
    });
  });

  it('hides the approvals tab from users the policy does not make approvers, without probing the backend', async () => {
    const { listRequests, authorize } = render(AuthorizeResult.DENY);
    await screen.findByRole('figure', { name: 'Whole GPUs on gpu-a' });
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(
      screen.queryByRole('tab', { name: 'Approvals' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'My requests' }),
    ).toBeInTheDocument();
    expect(listRequests).not.toHaveBeenCalledWith(
      expect.objectContaining({ scope: 'all' }),
    );
  });

  it('shows no approvals tab while the policy is being asked, and adds it once it allows', async () => {
    let answer: (result: Definitive) => void = () => {};
    const { authorize } = render(
      new Promise<Definitive>(resolve => {
        answer = resolve;
      }),
    );
    await screen.findByRole('figure', { name: 'Whole GPUs on gpu-a' });
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(
      screen.queryByRole('tab', { name: 'Approvals' }),
    ).not.toBeInTheDocument();

    act(() => answer(AuthorizeResult.ALLOW));
    expect(
      await screen.findByRole('tab', { name: 'Approvals' }),
    ).toBeInTheDocument();
  });

  it('has a header and moves between its tabs', async () => {
    render();

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
