import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { formatWeekdayTime } from '@ai-platform/plugin-ai-platform-react';
import { makeRequest } from '../../__fixtures__/gpu';
import { calendarFetch, makeCalendar } from '../../__fixtures__/calendar';
import {
  fillValidRequest,
  renderRequestGpusView as setup,
  responseError,
} from '../../__testUtils__/renderRequestGpusView';
import { toLocalInputValue } from '../../utils/schedule';

const HOUR_MS = 3_600_000;

/** Tomorrow at 09:00 local time, a start the form accepts. */
function tomorrowNine(): Date {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return at;
}

async function chooseLater(value: string) {
  fireEvent.click(screen.getByRole('radio', { name: 'Later' }));
  const start = await screen.findByLabelText('Start (your local time)');
  fireEvent.change(start, { target: { value } });
  fireEvent.blur(start);
  return start;
}

describe('RequestGpusView, starting later', () => {
  it('offers to book a request that cannot start now from the next minute after the grants end', async () => {
    const api = setup();
    // In two hours, 30 seconds past a minute: the booking starts a minute on.
    const frees = new Date(Date.now() + 2 * HOUR_MS);
    frees.setSeconds(30, 0);
    const bookedFrom = new Date(frees.getTime() + 30_000);
    api.getStartEstimate.mockResolvedValue({
      outcome: 'later',
      startsAt: frees.toISOString(),
      binding: 'quota',
      waitsFor: 1,
      quotaLimit: 8,
      quotaLeft: 0,
      freeNow: 4,
      requiresApproval: false,
      reason:
        "Starts in about 2 h, when 1 grant ends: your team's quota has 0 of 8 A100 GPUs left and you asked for 1.",
    });
    const user = await fillValidRequest();
    const summary = screen.getByRole('complementary', {
      name: 'Request summary',
    });
    const book = await within(summary).findByRole('button', {
      name: `Book it from ${formatWeekdayTime(bookedFrom)}`,
    });

    await user.click(book);
    expect(screen.getByRole('radio', { name: 'Later' })).toBeChecked();
    expect(screen.getByLabelText('Start (your local time)')).toHaveValue(
      toLocalInputValue(bookedFrom),
    );
    // Booked now: the summary says the window, and no longer offers it.
    expect(within(summary).getByText(/^Booked for /)).toBeInTheDocument();
    expect(
      within(summary).queryByRole('button', { name: /^Book it from/ }),
    ).not.toBeInTheDocument();
  });

  it('books a window: sends startAt in UTC and says "Booked for" in the summary and the result', async () => {
    const api = setup();
    const start = tomorrowNine();
    const end = new Date(start.getTime() + 8 * HOUR_MS);
    api.createRequest.mockResolvedValue(
      makeRequest({
        status: 'approved',
        namespace: undefined,
        activeSince: undefined,
        startAt: start.toISOString(),
        expiresAt: end.toISOString(),
      }),
    );
    const user = await fillValidRequest();
    await chooseLater(toLocalInputValue(start));

    const summary = screen.getByRole('complementary', {
      name: 'Request summary',
    });
    expect(within(summary).getByText(/^Booked for /).textContent).toContain(
      formatWeekdayTime(start),
    );

    await user.click(screen.getByRole('button', { name: 'Book GPUs' }));
    await waitFor(() => expect(api.createRequest).toHaveBeenCalledTimes(1));
    expect(api.createRequest.mock.calls[0][0]).toEqual(
      expect.objectContaining({
        startAt: start.toISOString(),
        durationHours: 8,
      }),
    );
    const heading = await screen.findByRole('heading', {
      name: /^Booked for /,
    });
    expect(heading.textContent).toContain(formatWeekdayTime(start));
    expect(screen.getByText('Scheduled')).toBeInTheDocument();
    expect(
      screen.getByText('created when the window starts'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      'The namespace is created when the window starts, in ',
    );
    // A booked window is not followed like a grant being applied.
    await new Promise(resolve => setTimeout(resolve, 1200));
    expect(api.getRequest).not.toHaveBeenCalled();
  });

  it.each([
    [
      'in the past',
      () => toLocalInputValue(Date.now() - 2 * HOUR_MS),
      'startAt: must be in the future; choose “Now” to start now',
    ],
    [
      'beyond 14 days',
      () => toLocalInputValue(Date.now() + 15 * 24 * HOUR_MS),
      /^startAt: must be within 14 days, by /,
    ],
  ])('refuses a start %s in the form', async (_, value, message) => {
    const api = setup();
    const user = await fillValidRequest();
    const start = await chooseLater(value());
    await waitFor(() =>
      expect(start).toHaveAccessibleDescription(message as any),
    );
    await user.click(screen.getByRole('button', { name: 'Book GPUs' }));
    expect(api.createRequest).not.toHaveBeenCalled();
    expect(start).toHaveFocus();
  });

  it('shows the backend’s startAt error on the field', async () => {
    const api = setup();
    api.createRequest.mockRejectedValue(
      await responseError(
        400,
        'startAt: the cluster has 2 free a100 at 10:00 and you asked for 4',
      ),
    );
    const user = await fillValidRequest();
    const start = await chooseLater(toLocalInputValue(tomorrowNine()));
    await user.click(screen.getByRole('button', { name: 'Book GPUs' }));
    await waitFor(() =>
      expect(start).toHaveAccessibleDescription(
        'startAt: the cluster has 2 free a100 at 10:00 and you asked for 4',
      ),
    );
    expect(start).toHaveAttribute('aria-invalid', 'true');
  });

  it('fills the start from a free hour clicked in the calendar', async () => {
    const from = Date.now();
    const calendar = makeCalendar({ from });
    setup({ fetchImpl: calendarFetch(calendar) as any });
    await fillValidRequest();
    const free = new Date(calendar.hours[30].start);
    const day = free.toLocaleDateString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
    });
    const hour = String(free.getHours()).padStart(2, '0');
    const cell = await screen.findByRole('button', {
      name: `${day} ${hour}:00: 8 of 8 free (team: 4 of 4)`,
    });
    fireEvent.click(cell);
    expect(screen.getByRole('radio', { name: 'Later' })).toBeChecked();
    expect(screen.getByLabelText('Start (your local time)')).toHaveValue(
      toLocalInputValue(free),
    );
    // The chosen window is drawn: 8 hours from the clicked one.
    await waitFor(() =>
      expect(
        within(
          screen.getByRole('table', { name: 'Capacity by day and hour' }),
        ).getAllByRole('button', { pressed: true }).length,
      ).toBe(8),
    );
  });

  it('counts the team’s own bookings in the window in "Quota left"', async () => {
    // The quota has 6 of 8 free now; from the 30th hour on, 5 more are booked.
    const from = Date.now();
    const calendar = makeCalendar({
      from,
      teamLimit: 8,
      teamBooked: i => (i >= 30 && i < 34 ? 5 : 2),
    });
    setup({ fetchImpl: calendarFetch(calendar) as any });
    await fillValidRequest();
    const summary = screen.getByRole('complementary', {
      name: 'Request summary',
    });
    // Starting now, the window (8 h) ends before the booking.
    expect(await within(summary).findByText('6 of 8 left')).toBeInTheDocument();

    await chooseLater(toLocalInputValue(calendar.hours[28].start));
    expect(
      await within(summary).findByText(
        '3 of 8 left for these hours (3 booked)',
      ),
    ).toBeInTheDocument();

    await chooseLater(toLocalInputValue(calendar.hours[40].start));
    expect(await within(summary).findByText('6 of 8 left')).toBeInTheDocument();
  });
});
