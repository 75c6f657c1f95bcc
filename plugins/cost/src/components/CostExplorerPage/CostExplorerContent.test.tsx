import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { CostGroup, IngestRun } from '@ai-platform/plugin-cost-common';
import { CostExplorerContent } from './CostExplorerContent';
import {
  costApiMock,
  fixToday,
  responseError,
} from '../../__testUtils__/costApiMock';
import { dailyReport } from '../../__fixtures__/cost';
import { CostApi } from '../../api';

jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

const groups: CostGroup[] = [
  {
    ref: 'group:default/conversational-ai',
    title: 'Conversational AI',
    type: 'team',
    parentRef: 'group:default/products',
    childRefs: [],
  },
  {
    ref: 'group:default/products',
    title: 'Products',
    type: 'department',
    parentRef: 'group:default/acme',
    childRefs: ['group:default/conversational-ai'],
  },
];

const getCosts: CostApi['getCosts'] = async request =>
  dailyReport({
    entityRef: request.entityRef,
    from: request.from,
    to: request.to,
    splitBy: request.splitBy,
    granularity: request.granularity,
    series:
      request.splitBy === 'provider'
        ? [
            { key: 'AWS', label: 'AWS', amount: () => 30 },
            { key: 'Kubernetes', label: 'Kubernetes', amount: () => 10 },
          ]
        : [
            {
              key: 'group:default/conversational-ai',
              label: 'Conversational AI',
              amount: () => 40,
            },
          ],
  });

const run: IngestRun = {
  id: 'run-1',
  source: 'folder',
  fileName: 'focus-2026-11.csv.gz',
  status: 'succeeded',
  startedAt: '2026-11-22T09:00:00.000Z',
  finishedAt: '2026-11-22T09:00:10.000Z',
  rowsRead: 1200,
  rowsIngested: 1200,
  rowsRejected: 0,
  bytesRead: 1000,
  totalBytes: 1000,
  percent: 100,
  rowsPerSecond: 120,
  billingPeriods: ['2026-11-01'],
  focusVersion: '1.2',
  errorCount: 0,
  errors: [],
  message: null,
};

function render(overrides: Partial<CostApi> = {}, route = '/cost') {
  const api = costApiMock({
    getGroups: jest.fn(async () => groups),
    getCosts: jest.fn(getCosts),
    getTopSpenders: jest.fn(async ({ by }) => ({
      entityRef: 'group:default/products',
      from: '2026-08-25',
      to: '2026-11-22',
      by: by ?? 'team',
      currency: 'USD',
      items: [
        {
          key: 'group:default/conversational-ai',
          label: 'Conversational AI',
          amount: 3560,
          previousAmount: 3000,
        },
      ],
    })),
    getIngestStatus: jest.fn(async () => [run]),
    ...overrides,
  });
  renderInTestApp(<CostExplorerContent />, {
    apis: [api],
    initialRouteEntries: [route],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

describe('CostExplorerContent', () => {
  beforeEach(() => fixToday('2026-11-22T10:00:00Z'));
  afterEach(() => jest.useRealTimers());

  it('explores the top group the user can see, by child team', async () => {
    const api = render();
    expect(
      await screen.findByRole('figure', { name: 'Cost over time' }, slow),
    ).toBeInTheDocument();
    expect(api.getCosts).toHaveBeenCalledWith({
      entityRef: 'group:default/products',
      from: '2026-08-25',
      to: '2026-11-22',
      granularity: 'week',
      splitBy: 'childTeam',
      metric: 'billed',
    });
    // 90 days at 40 a day.
    expect(
      screen.getByText('Total', { selector: 'dt' }).nextElementSibling,
    ).toHaveTextContent('$3,600.00');
    const breakdownRow = screen
      .getAllByRole('link', { name: 'Conversational AI' })[0]
      .closest('tr') as HTMLElement;
    expect(within(breakdownRow).getByText('$3,600.00')).toBeInTheDocument();
    expect(within(breakdownRow).getByText('100%')).toBeInTheDocument();
    expect(await screen.findByText('focus-2026-11.csv.gz')).toBeInTheDocument();
  });

  it('reads the subject, range and split from the URL', async () => {
    const api = render(
      {},
      '/cost?entityRef=component:default/assistant-api&from=2026-11-01&to=2026-11-22&granularity=day&splitBy=provider&metric=effective',
    );
    await screen.findByRole('figure', { name: 'Cost over time' }, slow);
    expect(api.getCosts).toHaveBeenCalledWith({
      entityRef: 'component:default/assistant-api',
      from: '2026-11-01',
      to: '2026-11-22',
      granularity: 'day',
      splitBy: 'provider',
      metric: 'effective',
    });
    const table = screen
      .getByText('Breakdown')
      .closest('div[class*="MuiPaper"]') as HTMLElement;
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['AWS', 'Kubernetes']);
    expect(within(rows[0]).getByText('$660.00')).toBeInTheDocument();
    expect(within(rows[0]).getByText('75%')).toBeInTheDocument();
  });

  it('splits an entity by service rather than by child team', async () => {
    const api = render(
      {},
      '/cost?entityRef=component:default/assistant-api&splitBy=childTeam',
    );
    await screen.findByRole('figure', { name: 'Cost over time' });
    expect(api.getCosts).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/assistant-api',
        splitBy: 'service',
      }),
    );
  });

  it('says what is wrong with a reversed range and asks nothing', async () => {
    const api = render({}, '/cost?from=2026-11-22&to=2026-11-01');
    expect(
      await screen.findByText(
        'The end date is before the start date',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
    expect(api.getCosts).not.toHaveBeenCalled();
  });

  it('changes the split on request', async () => {
    const api = render();
    await screen.findByRole('figure', { name: 'Cost over time' }, slow);
    fireEvent.mouseDown(screen.getByRole('button', { name: /Split by/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Provider' }),
    );
    await waitFor(() =>
      expect(api.getCosts).toHaveBeenLastCalledWith(
        expect.objectContaining({ splitBy: 'provider' }),
      ),
    );
  });

  it("says that the user can't see the costs on 403, and hides billing data", async () => {
    const forbidden = await responseError(403, 'cost.read denied');
    const ingestForbidden = await responseError(403, 'cost.ingest denied');
    render({
      getCosts: jest.fn(() => Promise.reject(forbidden)),
      getIngestStatus: jest.fn(() => Promise.reject(ingestForbidden)),
    });
    expect(
      await screen.findByText(
        "You can't see this team's costs",
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByText('Billing data')).not.toBeInTheDocument(),
    );
  });

  it('shows why an uploaded file was refused', async () => {
    const api = render({
      uploadBillingFile: jest.fn(async ({ fileName }) => ({
        ...run,
        fileName,
        status: 'refused' as const,
        rowsIngested: 0,
        rowsRejected: 2,
        message: '2 of 3 rows are bad, over the threshold of 1%',
        errors: [
          {
            line: 2,
            column: 'BilledCost',
            reason: 'not a decimal number: "12,5x"',
          },
          { line: 3, column: 'ChargePeriodStart', reason: 'not a date' },
        ],
      })),
    });
    const input = await screen.findByLabelText(
      'FOCUS billing file',
      undefined,
      slow,
    );
    await userEvent.upload(
      input,
      new File(['BilledCost\n12,5x\n'], 'bad.csv', { type: 'text/csv' }),
    );
    expect(
      await screen.findByText(/bad\.csv was refused: 2 of 3 rows are bad/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('line 2, BilledCost: not a decimal number: "12,5x"'),
    ).toBeInTheDocument();
    expect(api.uploadBillingFile).toHaveBeenCalledWith({
      fileName: 'bad.csv',
      file: expect.any(File),
    });
  });
});
