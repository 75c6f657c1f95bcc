import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Approval } from '@ai-platform/plugin-approvals-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApprovalsApi, approvalsApiRef } from '../../approvals/ApprovalsApi';
import { ApprovalsInboxContent } from './ApprovalsInbox';

const pending: Approval = {
  id: '3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11',
  status: 'pending',
  approverGroup: 'group:default/ml-platform',
  title: 'Publish model m1 to production',
  description: 'Model card in the repository',
  link: 'http://localhost:3000/create/tasks/t1',
  requestedBy: 'user:default/rita',
  requestedVia: 'plugin:scaffolder',
  createdAt: '2026-12-04T10:00:00Z',
  expiresAt: '2026-12-07T10:00:00Z',
};

function mockApi(overrides: Partial<ApprovalsApi> = {}): ApprovalsApi {
  return {
    listInbox: jest.fn().mockResolvedValue([pending]),
    decide: jest
      .fn()
      .mockResolvedValue({ ...pending, status: 'approved' as const }),
    ...overrides,
  };
}

async function render(api: ApprovalsApi) {
  await renderInTestApp(<ApprovalsInboxContent />, {
    apis: [[approvalsApiRef, api]],
  });
}

describe('ApprovalsInbox', () => {
  it('lists the pending approvals and approves one with a comment', async () => {
    const listInbox = jest
      .fn()
      .mockResolvedValueOnce([pending])
      .mockResolvedValueOnce([]);
    const api = mockApi({ listInbox });
    await render(api);

    const title = await screen.findByText('Publish model m1 to production');
    expect(title.closest('a')).toHaveAttribute('href', pending.link);
    // Refs as people read them, in the default namespace.
    expect(screen.getByText('rita')).toBeInTheDocument();
    expect(screen.getByText('ml-platform')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Approve Publish model m1 to production',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Comment'), 'LGTM');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    expect(api.decide).toHaveBeenCalledWith(pending.id, {
      decision: 'approve',
      reason: 'LGTM',
    });
    expect(
      await screen.findByText('No approvals are waiting for you'),
    ).toBeInTheDocument();
  });

  it('needs a reason to reject', async () => {
    const api = mockApi();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Reject Publish model m1 to production',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText('Reason (required)'),
      'No evaluation',
    );
    await userEvent.click(reject);
    expect(api.decide).toHaveBeenCalledWith(pending.id, {
      decision: 'reject',
      reason: 'No evaluation',
    });
  });

  it('shows the empty state', async () => {
    await render(mockApi({ listInbox: jest.fn().mockResolvedValue([]) }));
    expect(
      await screen.findByText('No approvals are waiting for you'),
    ).toBeInTheDocument();
  });

  it('shows the error when the inbox cannot be read', async () => {
    await render(
      mockApi({
        listInbox: jest.fn().mockRejectedValue(new Error('approvals is down')),
      }),
    );
    expect(
      (await screen.findAllByText(/approvals is down/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows the refusal of a decision in the dialog', async () => {
    const api = mockApi({
      decide: jest
        .fn()
        .mockRejectedValue(
          new Error('Only members of group:default/ml-platform may decide'),
        ),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Approve Publish model m1 to production',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(
      await within(dialog).findByText(
        /Only members of group:default\/ml-platform/,
      ),
    ).toBeInTheDocument();
  });
});
