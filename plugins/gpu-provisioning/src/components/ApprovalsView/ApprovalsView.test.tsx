import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { ApprovalsView } from './ApprovalsView';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { classes, makeRequest, policy } from '../../__fixtures__/gpu';
import { formatWindow } from '../../utils/schedule';

const pending = makeRequest({
  id: '9f8e7d6c-0000-4000-8000-000000000002',
  status: 'pending-approval',
  requestedBy: 'user:default/ada',
  cluster: 'gpu-b',
  gpuClass: 'h100',
  count: 8,
  durationHours: 72,
  gpuHours: 576,
  estimatedCost: 2592,
  requiresApproval: true,
  namespace: undefined,
  expiresAt: undefined,
});

function setup(
  listRequests = jest.fn().mockResolvedValue({ items: [pending] }),
) {
  const api = gpuProvisioningApiMock({
    listRequests,
    getClasses: jest.fn().mockResolvedValue({ classes, policy }),
    approveRequest: jest
      .fn()
      .mockResolvedValue({ ...pending, status: 'active' }),
    rejectRequest: jest
      .fn()
      .mockResolvedValue({ ...pending, status: 'rejected' }),
  });
  renderInTestApp(<ApprovalsView />, { apis: [api] });
  return api;
}

describe('ApprovalsView', () => {
  it('lists the pending requests of everyone and approves one', async () => {
    const api = setup();
    const row = (await screen.findByText('ada')).closest('tr')!;
    expect(row).toHaveTextContent('8 × H100 80GB');
    expect(row).toHaveTextContent('$2,592.00');
    expect(row).toHaveTextContent('Now, once approved');
    expect(api.listRequests).toHaveBeenCalledWith({
      scope: 'all',
      status: 'pending-approval',
    });
    await userEvent.click(within(row).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.approveRequest).toHaveBeenCalledWith(pending.id),
    );
  });

  it('rejects with the reason given', async () => {
    const api = setup();
    const user = userEvent.setup();
    const row = (await screen.findByText('ada')).closest('tr')!;
    await user.click(within(row).getByRole('button', { name: 'Reject' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Reject request',
    });
    await user.type(within(dialog).getByLabelText('Reason'), 'No');
    expect(
      within(dialog).getByText('reason: must give a reason'),
    ).toBeVisible();
    await user.paste('t this week: the cluster is reserved for the launch');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() =>
      expect(api.rejectRequest).toHaveBeenCalledWith(pending.id, {
        reason: 'Not this week: the cluster is reserved for the launch',
      }),
    );
  });

  it('explains the tab to users who may not approve', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Unauthorized' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    setup(jest.fn().mockRejectedValue(forbidden));
    expect(
      await screen.findByText('Approvals are for GPU approvers'),
    ).toBeInTheDocument();
  });

  it('says when nothing waits for approval', async () => {
    setup(jest.fn().mockResolvedValue({ items: [] }));
    expect(
      await screen.findByText('Nothing waiting for approval'),
    ).toBeInTheDocument();
  });

  it('shows an approver the window a booking asks for', async () => {
    const startAt = new Date(Date.now() + 30 * 3_600_000);
    startAt.setMinutes(0, 0, 0);
    const end = startAt.getTime() + 72 * 3_600_000;
    setup(
      jest.fn().mockResolvedValue({
        items: [{ ...pending, startAt: startAt.toISOString() }],
      }),
    );
    const row = (await screen.findByText('ada')).closest('tr')!;
    expect(row).toHaveTextContent(formatWindow(startAt.getTime(), end));
    expect(row).not.toHaveTextContent('Now, once approved');
  });
});
