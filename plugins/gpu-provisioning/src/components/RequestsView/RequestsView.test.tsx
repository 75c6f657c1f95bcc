import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RequestsView } from './RequestsView';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { classes, makeRequest, policy } from '../../__fixtures__/gpu';

const inHours = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000 + 30_000).toISOString();

function setup() {
  const active = makeRequest({ expiresAt: inHours(5.5) });
  const pending = makeRequest({
    id: '9f8e7d6c-0000-4000-8000-000000000002',
    status: 'pending-approval',
    team: 'group:default/data-science',
    cluster: 'gpu-b',
    gpuClass: 'h100',
    count: 8,
    durationHours: 72,
    gpuHours: 576,
    namespace: undefined,
    activeSince: undefined,
    expiresAt: undefined,
  });
  const released = makeRequest({
    id: '5a5a5a5a-0000-4000-8000-000000000003',
    status: 'released',
    namespace: 'gpu-ml-platform-5a5a5a5a',
    createdAt: '2025-05-01T10:00:00.000Z',
  });
  const api = gpuProvisioningApiMock({
    listRequests: jest
      .fn()
      .mockResolvedValue({ items: [released, active, pending] }),
    getClasses: jest.fn().mockResolvedValue({ classes, policy }),
    releaseRequest: jest
      .fn()
      .mockResolvedValue({ ...active, status: 'released' }),
    extendRequest: jest.fn().mockResolvedValue(active),
  });
  renderInTestApp(<RequestsView />, { apis: [api] });
  return { api, active, pending };
}

async function rowOf(text: string) {
  const cell = await screen.findByText(text);
  return cell.closest('tr')!;
}

describe('RequestsView', () => {
  it('lists the requests with status, GPUs, time left and namespace', async () => {
    const { api } = setup();
    const row = await rowOf('gpu-ml-platform-1a2b3c4d');
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(within(row).getByText('ml-platform')).toBeInTheDocument();
    expect(within(row).getByText('2 × A100 80GB')).toBeInTheDocument();
    expect(within(row).getByText('5 h 30 min')).toBeInTheDocument();

    const pendingRow = (await screen.findByText('Pending approval')).closest(
      'tr',
    )!;
    expect(within(pendingRow).getByText('8 × H100 80GB')).toBeInTheDocument();
    expect(
      within(pendingRow).getByText('Starts when approved'),
    ).toBeInTheDocument();
    expect(
      within(pendingRow).getByRole('button', { name: 'Withdraw' }),
    ).toBeInTheDocument();
    expect(
      within(pendingRow).queryByRole('button', { name: 'Extend' }),
    ).not.toBeInTheDocument();

    const releasedRow = await rowOf('gpu-ml-platform-5a5a5a5a');
    expect(within(releasedRow).queryAllByRole('button')).toHaveLength(0);

    expect(api.listRequests).toHaveBeenCalledWith({ scope: 'mine' });
  });

  it('releases a grant only after confirmation', async () => {
    const { api, active } = setup();
    const user = userEvent.setup();
    const row = await rowOf('gpu-ml-platform-1a2b3c4d');
    await user.click(within(row).getByRole('button', { name: 'Release' }));

    const dialog = await screen.findByRole('dialog', {
      name: 'Release these GPUs?',
    });
    expect(dialog).toHaveTextContent('gpu-ml-platform-1a2b3c4d');
    expect(api.releaseRequest).not.toHaveBeenCalled();

    await user.click(
      within(dialog).getByRole('button', { name: 'Release GPUs' }),
    );
    await waitFor(() =>
      expect(api.releaseRequest).toHaveBeenCalledWith(active.id),
    );
    await waitFor(() => expect(api.listRequests).toHaveBeenCalledTimes(2));
  });

  it('does not release when the confirmation is cancelled', async () => {
    const { api } = setup();
    const user = userEvent.setup();
    const row = await rowOf('gpu-ml-platform-1a2b3c4d');
    await user.click(within(row).getByRole('button', { name: 'Release' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.releaseRequest).not.toHaveBeenCalled();
  });

  it('extends a grant by the hours picked', async () => {
    const { api, active } = setup();
    const user = userEvent.setup();
    const row = await rowOf('gpu-ml-platform-1a2b3c4d');
    await user.click(within(row).getByRole('button', { name: 'Extend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Extend grant' });
    const hours = within(dialog).getByLabelText('Additional hours');
    await user.clear(hours);
    await user.type(hours, '0');
    expect(
      within(dialog).getByText('additionalHours: must be at least 1 hour'),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: '3d' }));
    await user.click(within(dialog).getByRole('button', { name: 'Extend' }));
    await waitFor(() =>
      expect(api.extendRequest).toHaveBeenCalledWith(active.id, {
        additionalHours: 72,
      }),
    );
  });

  it('shows how to use a grant', async () => {
    setup();
    const user = userEvent.setup();
    const row = await rowOf('gpu-ml-platform-1a2b3c4d');
    await user.click(within(row).getByRole('button', { name: 'How to use' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'How to use your GPUs',
    });
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        'kubectl --context gpu-a -n gpu-ml-platform-1a2b3c4d get resourcequota',
      ),
    );
  });

  it('switches to the requests of the user’s teams', async () => {
    const { api } = setup();
    const user = userEvent.setup();
    await rowOf('gpu-ml-platform-1a2b3c4d');
    await user.click(screen.getByRole('button', { name: 'My teams' }));
    await waitFor(() =>
      expect(api.listRequests).toHaveBeenLastCalledWith({ scope: 'team' }),
    );
    expect(await screen.findByText('My teams’ requests')).toBeInTheDocument();
  });

  it('invites to request GPUs when there are none', async () => {
    const api = gpuProvisioningApiMock({
      listRequests: jest.fn().mockResolvedValue({ items: [] }),
      getClasses: jest.fn().mockResolvedValue({ classes, policy }),
    });
    renderInTestApp(<RequestsView />, { apis: [api] });
    expect(
      await screen.findByText('You have no GPU requests yet'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Request GPUs' })).toHaveAttribute(
      'href',
      '/gpu/request',
    );
  });
});
