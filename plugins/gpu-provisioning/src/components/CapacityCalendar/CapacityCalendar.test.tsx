import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { GpuProvisioningClient } from '@ai-platform/plugin-gpu-provisioning-react';
import { calendarFetch, makeCalendar } from '../../__fixtures__/calendar';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { CapacityCalendar } from './CapacityCalendar';

const HOUR_MS = 3_600_000;

function render(
  fetchImpl: ReturnType<typeof calendarFetch>,
  props: Partial<Parameters<typeof CapacityCalendar>[0]> = {},
) {
  const onPick = jest.fn();
  // The real client over a fetch that answers the calendar, so the request
  // the backend would get is checked too.
  const client = new GpuProvisioningClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch({ baseImplementation: fetchImpl as any }),
  });
  renderInTestApp(
    <CapacityCalendar
      cluster="gpu-a"
      gpuClass="a100"
      title="A100 80GB"
      team="group:default/ML-Platform"
      onPick={onPick}
      {...props}
    />,
    {
      apis: [
        gpuProvisioningApiMock({
          getCalendar: jest.fn(options => client.getCalendar(options)),
        }),
      ],
    },
  );
  return onPick;
}

/** The label of the i-th hour of a calendar starting now, as the cell names it. */
function labelOf(start: string, text: string) {
  const at = new Date(start);
  const day = at.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  return `${day} ${String(at.getHours()).padStart(2, '0')}:00: ${text}`;
}

describe('CapacityCalendar', () => {
  const from = Date.now();
  // Hour 5: 6 of 8 booked, the team's 4 all used; hour 6: the cluster full.
  const calendar = makeCalendar({
    from,
    booked: i => (({ 5: 6, 6: 8, 7: 5 } as Record<number, number>)[i] ?? 0),
    teamBooked: i => (({ 5: 4, 7: 1 } as Record<number, number>)[i] ?? 0),
  });

  it('asks for 14 days of the class on the cluster and draws every hour with its label', async () => {
    const fetchImpl = calendarFetch(calendar);
    render(fetchImpl);
    const table = await screen.findByRole('table', {
      name: 'Capacity by day and hour',
    });
    const url = new URL(String(fetchImpl.mock.calls[0][0]));
    expect(url.pathname).toBe('/api/gpu-provisioning/calendar');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      cluster: 'gpu-a',
      gpuClass: 'a100',
      days: '14',
    });
    expect(within(table).getAllByRole('button')).toHaveLength(14 * 24);
    // free for the team = min(team free, cluster free)
    expect(
      within(table).getByRole('button', {
        name: labelOf(calendar.hours[7].start, '3 of 8 free (team: 3 of 4)'),
      }),
    ).toHaveTextContent('3');
    expect(screen.getByRole('list', { name: 'Legend' })).toHaveTextContent(
      'Your team’s quota used',
    );
  });

  it('shows what is free on hover and focus, and moves with the arrow keys', async () => {
    render(calendarFetch(calendar));
    const cell = await screen.findByRole('button', {
      name: labelOf(calendar.hours[5].start, '2 of 8 free (team: 0 of 4)'),
    });
    const details = screen.getByTestId('calendar-details');
    fireEvent.mouseEnter(cell);
    expect(details).toHaveTextContent(
      labelOf(calendar.hours[5].start, '2 of 8 free (team: 0 of 4)'),
    );
    cell.focus();
    fireEvent.keyDown(cell, { key: 'ArrowRight' });
    const next = screen.getByRole('button', {
      name: labelOf(calendar.hours[6].start, '0 of 8 free (team: 0 of 4)'),
    });
    expect(next).toHaveFocus();
    expect(next).toHaveAttribute('tabindex', '0');
    expect(details).toHaveTextContent('0 of 8 free');
    fireEvent.keyDown(next, { key: 'ArrowDown' });
    expect(
      screen.getByRole('button', {
        name: labelOf(calendar.hours[30].start, '8 of 8 free (team: 4 of 4)'),
      }),
    ).toHaveFocus();
  });

  it('picks only hours that are free for the team and have not started', async () => {
    const onPick = render(calendarFetch(calendar));
    const user = userEvent.setup();
    const teamFull = await screen.findByRole('button', {
      name: labelOf(calendar.hours[5].start, '2 of 8 free (team: 0 of 4)'),
    });
    const clusterFull = screen.getByRole('button', {
      name: labelOf(calendar.hours[6].start, '0 of 8 free (team: 0 of 4)'),
    });
    const started = screen.getByRole('button', {
      name: labelOf(calendar.hours[0].start, '8 of 8 free (team: 4 of 4)'),
    });
    for (const cell of [teamFull, clusterFull, started]) {
      expect(cell).toHaveAttribute('aria-disabled', 'true');
      await user.click(cell);
    }
    expect(onPick).not.toHaveBeenCalled();
    await user.click(
      screen.getByRole('button', {
        name: labelOf(calendar.hours[7].start, '3 of 8 free (team: 3 of 4)'),
      }),
    );
    expect(onPick).toHaveBeenCalledWith(calendar.hours[7].start);
  });

  it('draws the chosen window', async () => {
    const start = Date.parse(calendar.hours[10].start);
    render(calendarFetch(calendar), { selected: start, selectedHours: 3 });
    const table = await screen.findByRole('table');
    const pressed = within(table).getAllByRole('button', { pressed: true });
    expect(pressed.map(b => b.getAttribute('aria-label'))).toEqual(
      [10, 11, 12].map(i =>
        labelOf(calendar.hours[i].start, '8 of 8 free (team: 4 of 4)'),
      ),
    );
    expect(start + 3 * HOUR_MS).toBe(Date.parse(calendar.hours[13].start));
  });

  it('shows the cluster only for a team without quota of the class', async () => {
    render(calendarFetch(calendar), { team: 'group:default/data-science' });
    expect(
      await screen.findByRole('button', {
        name: labelOf(calendar.hours[7].start, '3 of 8 free'),
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Your team has no quota of this class/),
    ).toBeInTheDocument();
  });

  it('says when the cluster has none of the class', async () => {
    render(calendarFetch(makeCalendar({ from, capacity: 0 })));
    expect(
      await screen.findByText('No A100 80GB capacity on gpu-a'),
    ).toBeInTheDocument();
  });

  it('shows the backend’s refusal', async () => {
    render(
      calendarFetch(
        () =>
          new Response(
            JSON.stringify({
              error: { name: 'InputError', message: 'gpuClass: unknown' },
              response: { statusCode: 400 },
            }),
            {
              status: 400,
              headers: { 'Content-Type': 'application/json' },
            },
          ),
      ),
    );
    await waitFor(() =>
      expect(document.body).toHaveTextContent('gpuClass: unknown'),
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
