import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { formatWeekdayTime } from '@ai-platform/plugin-ai-platform-react';
import { RequestsView } from './RequestsView';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { classes, makeRequest, policy } from '../../__fixtures__/gpu';

const HOUR_MS = 3_600_000;

describe('RequestsView, a booked window', () => {
  // Starts in 26 h (and a bit, so the minute does not tick over mid-test).
  const startAt = new Date(Date.now() + 26 * HOUR_MS + 30_000).toISOString();
  const booked = makeRequest({
    id: '7b7b7b7b-0000-4000-8000-000000000004',
    status: 'approved',
    namespace: undefined,
    activeSince: undefined,
    startAt,
    expiresAt: new Date(Date.parse(startAt) + 8 * HOUR_MS).toISOString(),
  });

  function setup() {
    const api = gpuProvisioningApiMock({
      listRequests: jest.fn().mockResolvedValue({ items: [booked] }),
      getClasses: jest.fn().mockResolvedValue({ classes, policy }),
      releaseRequest: jest
        .fn()
        .mockResolvedValue({ ...booked, status: 'released' }),
    });
    renderInTestApp(<RequestsView />, { apis: [api] });
    return api;
  }

  it('shows as Scheduled, with when it starts and its window', async () => {
    setup();
    const row = (await screen.findByText('Scheduled')).closest('tr')!;
    expect(row).toHaveTextContent(
      `starts in 1 d 2 h (${formatWeekdayTime(startAt)})`,
    );
    expect(row).toHaveTextContent(`${formatWeekdayTime(startAt)} – `);
    expect(
      within(row).queryByRole('button', { name: 'Extend' }),
    ).not.toBeInTheDocument();
  });

  it('cancels the booking after confirmation', async () => {
    const api = setup();
    const user = userEvent.setup();
    const row = (await screen.findByText('Scheduled')).closest('tr')!;
    await user.click(
      within(row).getByRole('button', { name: 'Cancel booking' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Cancel this booking?',
    });
    expect(dialog).toHaveTextContent('Nothing was created on the cluster yet');
    await user.click(
      within(dialog).getByRole('button', { name: 'Cancel booking' }),
    );
    await waitFor(() =>
      expect(api.releaseRequest).toHaveBeenCalledWith(booked.id),
    );
    expect(await screen.findByText('Booking cancelled')).toBeInTheDocument();
  });

  it('shows no start for a booking that was cancelled, though its window is still ahead', async () => {
    const api = gpuProvisioningApiMock({
      listRequests: jest
        .fn()
        .mockResolvedValue({ items: [{ ...booked, status: 'released' }] }),
      getClasses: jest.fn().mockResolvedValue({ classes, policy }),
    });
    renderInTestApp(<RequestsView />, { apis: [api] });
    const row = (await screen.findByText('Released')).closest('tr')!;
    expect(row).not.toHaveTextContent('starts in');
    expect(row).not.toHaveTextContent(formatWeekdayTime(startAt));
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
  });
});
