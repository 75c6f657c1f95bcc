import { BudgetStatus, CostGroup } from '@ai-platform/plugin-cost-common';
import { CostInsightsClient } from './CostInsightsClient';
import { CostInsightsApi } from './types';
import { costApiMock } from '../__testUtils__/costApiMock';
import { dailyReport, forecast } from '../__fixtures__/cost';
import { CostApi } from '../api';

const groups: CostGroup[] = [
  {
    ref: 'group:default/products',
    title: 'Products',
    type: 'department',
    parentRef: 'group:default/acme',
    childRefs: [
      'group:default/search-relevance',
      'group:default/conversational-ai',
    ],
  },
  {
    ref: 'group:default/search-relevance',
    title: 'Search Relevance',
    type: 'team',
    parentRef: 'group:default/products',
    childRefs: [],
  },
  {
    ref: 'group:default/conversational-ai',
    title: 'Conversational AI',
    type: 'team',
    parentRef: 'group:default/products',
    childRefs: [],
  },
];

// Two periods of 3 days: 2026-11-01..03 and 2026-11-04..06.
const INTERVALS = 'R2/P3D/2026-11-07';

/** A day's index from 2026-11-01 (0) on. */
const dayIndex = (date: string) => Number(date.slice(8, 10)) - 1;

/** Daily costs: per team, per service and sub-account, growing by day. */
const teamCosts: Record<
  string,
  Array<{ service: string; subAccount: string; amount: (i: number) => number }>
> = {
  'group:default/search-relevance': [
    {
      service: 'Compute Engine',
      subAccount: 'acct-search',
      amount: i => 10 + i,
    },
  ],
  'group:default/conversational-ai': [
    { service: 'Compute Engine', subAccount: 'acct-conv', amount: () => 20 },
    {
      service: 'Kubernetes GPU',
      subAccount: 'acct-conv',
      amount: i => 100 * i,
    },
  ],
};
teamCosts['group:default/products'] = [
  ...teamCosts['group:default/search-relevance'],
  ...teamCosts['group:default/conversational-ai'],
];

const getCosts: CostApi['getCosts'] = async request => {
  const lines = teamCosts[request.entityRef] ?? [];
  const keyOf = (l: (typeof lines)[number]) =>
    request.splitBy === 'subAccount' ? l.subAccount : l.service;
  const keys = [...new Set(lines.map(keyOf))];
  return dailyReport({
    entityRef: request.entityRef,
    from: request.from,
    to: request.to,
    splitBy: request.splitBy,
    series: keys.map(key => ({
      key,
      label: key,
      amount: date =>
        lines
          .filter(l => keyOf(l) === key)
          .reduce((sum, l) => sum + l.amount(dayIndex(date)), 0),
    })),
  });
};

function client(overrides: Partial<CostApi> = {}) {
  const costApi = costApiMock({
    getGroups: jest.fn(async () => groups),
    getCosts: jest.fn(getCosts),
    ...overrides,
  });
  const api = new CostInsightsClient({
    costApi,
    now: () => new Date('2026-11-22T10:00:00Z'),
  });
  return { api, costApi };
}

describe('CostInsightsClient', () => {
  it('is a CostInsightsApi, getCatalogEntityDailyCost included', () => {
    const { api } = client();
    const asApi: CostInsightsApi = api;
    const methods: Array<keyof Required<CostInsightsApi>> = [
      'getLastCompleteBillingDate',
      'getUserGroups',
      'getGroupProjects',
      'getGroupDailyCost',
      'getProjectDailyCost',
      'getCatalogEntityDailyCost',
      'getDailyMetricData',
      'getProductInsights',
      'getAlerts',
    ];
    for (const method of methods) {
      expect(typeof asApi[method]).toBe('function');
    }
  });

  it('maps a group’s daily cost, its change, trend and breakdowns', async () => {
    const { api, costApi } = client();
    const cost = await api.getGroupDailyCost('products', INTERVALS);

    expect(costApi.getCosts).toHaveBeenCalledWith({
      entityRef: 'group:default/products',
      from: '2026-11-01',
      to: '2026-11-06',
      granularity: 'day',
      splitBy: 'service',
    });
    // Day i: (10 + i) + 20 + 100 i.
    expect(cost.id).toBe('products');
    expect(cost.aggregation).toEqual([
      { date: '2026-11-01', amount: 30 },
      { date: '2026-11-02', amount: 131 },
      { date: '2026-11-03', amount: 232 },
      { date: '2026-11-04', amount: 333 },
      { date: '2026-11-05', amount: 434 },
      { date: '2026-11-06', amount: 535 },
    ]);
    // 393 in the first period, 1302 in the second.
    expect(cost.change?.amount).toBe(909);
    expect(cost.change?.ratio).toBeCloseTo(909 / 393, 10);
    // 101 a day, in Unix seconds.
    expect(cost.trendline?.slope).toBeCloseTo(101 / 86_400, 10);
    const day0 = Date.parse('2026-11-01T00:00:00Z') / 1000;
    expect(
      cost.trendline!.slope * day0 + cost.trendline!.intercept,
    ).toBeCloseTo(30, 6);

    const products = cost.groupedCosts?.product ?? [];
    expect(products.map(p => p.id)).toEqual([
      'Kubernetes GPU',
      'Compute Engine',
    ]);
    expect(products[1].aggregation.map(a => a.amount)).toEqual([
      30, 31, 32, 33, 34, 35,
    ]);
    expect(products[1].change).toEqual({ amount: 9, ratio: 9 / 93 });
    // Kubernetes GPU started at zero a day, but not as a period: a ratio.
    expect(products[0].change).toEqual({ amount: 900, ratio: 900 / 300 });
    const projects = cost.groupedCosts?.project ?? [];
    expect(
      projects.map(p => [
        p.id,
        p.aggregation.reduce((s, a) => s + a.amount, 0),
      ]),
    ).toEqual([
      ['acct-conv', 1620],
      ['acct-search', 75],
    ]);
  });

  it('leaves the ratio out when the earlier period cost nothing', async () => {
    const { api } = client({
      getCosts: jest.fn(async request =>
        dailyReport({
          entityRef: request.entityRef,
          from: request.from,
          to: request.to,
          splitBy: request.splitBy,
          series: [
            {
              key: 'x',
              label: 'x',
              amount: d => (d >= '2026-11-04' ? 5 : 0),
            },
          ],
        }),
      ),
    });
    const cost = await api.getCatalogEntityDailyCost(
      'component:default/assistant-api',
      INTERVALS,
    );
    expect(cost.change).toEqual({ amount: 15 });
    expect(cost.groupedCosts?.product?.[0].id).toBe('x');
  });

  it('lists the readable groups and a group’s projects', async () => {
    const { api, costApi } = client();
    await expect(api.getUserGroups('guest')).resolves.toEqual([
      { id: 'group:default/conversational-ai', name: 'Conversational AI' },
      { id: 'group:default/products', name: 'Products' },
      { id: 'group:default/search-relevance', name: 'Search Relevance' },
    ]);
    await expect(
      api.getGroupProjects('group:default/conversational-ai'),
    ).resolves.toEqual([{ id: 'acct-conv', name: 'acct-conv' }]);
    expect(costApi.getCosts).toHaveBeenLastCalledWith({
      entityRef: 'group:default/conversational-ai',
      from: '2026-08-25',
      to: '2026-11-22',
      granularity: 'month',
      splitBy: 'subAccount',
    });
  });

  it('sums a project over the top groups the user can see', async () => {
    const { api, costApi } = client();
    const cost = await api.getProjectDailyCost('acct-search', INTERVALS);
    // Products is the only top group (Acme is not readable).
    expect(costApi.getCosts).toHaveBeenCalledTimes(1);
    expect(cost.aggregation.map(a => a.amount)).toEqual([
      10, 11, 12, 13, 14, 15,
    ]);
    expect(cost.change).toEqual({ amount: 9, ratio: 9 / 33 });
  });

  it('breaks a product down by child team, matching its name loosely', async () => {
    const { api } = client();
    const entity = await api.getProductInsights({
      product: 'computeEngine',
      group: 'group:default/products',
      intervals: INTERVALS,
      project: null,
    });
    // Compute Engine: 30 + i a day.
    expect(entity).toEqual({
      id: 'computeEngine',
      aggregation: [93, 102],
      change: { amount: 9, ratio: 9 / 93 },
      entities: {
        team: [
          {
            id: 'Search Relevance',
            aggregation: [33, 42],
            change: { amount: 9, ratio: 9 / 33 },
            entities: {},
          },
          {
            id: 'Conversational AI',
            aggregation: [60, 60],
            change: { amount: 0, ratio: 0 },
            entities: {},
          },
        ],
      },
    });
  });

  it('refuses product insights of one project, naming the field', async () => {
    const { api } = client();
    await expect(
      api.getProductInsights({
        product: 'computeEngine',
        group: 'products',
        intervals: INTERVALS,
        project: 'acct-conv',
      }),
    ).rejects.toThrow(/^project: /);
  });

  it('raises alerts for budgets forecast to pass and for idle GPUs', async () => {
    const budget: BudgetStatus = {
      id: 'b1',
      groupRef: 'group:default/search-relevance',
      amount: 1000,
      currency: 'USD',
      updatedBy: 'user:default/irene.head',
      updatedAt: '2026-11-01T00:00:00Z',
      monthToDate: 900,
      forecast: 1250,
      overBudget: true,
    };
    const { api, costApi } = client({
      getBudgets: jest.fn(async () => [
        budget,
        {
          ...budget,
          id: 'b2',
          groupRef: 'group:default/products',
          overBudget: false,
        },
      ]),
      getIdleWaste: jest.fn(async () => ({
        entityRef: 'group:default/products',
        from: '2026-10-24',
        to: '2026-11-22',
        currency: 'USD',
        gpuHoursAllocated: 400,
        gpuHoursUsed: 250,
        allocatedCost: 1800,
        usedCost: 1125,
        idleCost: 675,
        items: [
          {
            entityRef: 'component:default/assistant-api',
            team: 'group:default/conversational-ai',
            gpuClass: 'h100',
            gpuHoursAllocated: 400,
            gpuHoursUsed: 250,
            allocatedCost: 1800,
            usedCost: 1125,
            idleCost: 675,
          },
        ],
        points: [],
      })),
    });
    const alerts = await api.getAlerts('products');
    expect(costApi.getIdleWaste).toHaveBeenCalledWith({
      entityRef: 'group:default/products',
      from: '2026-10-24',
      to: '2026-11-22',
    });
    expect(alerts.map(a => [a.title, a.subtitle])).toEqual([
      [
        'Search Relevance is forecast to pass its budget',
        'Forecast $1,250.00 this month against a budget of $1,000.00; $900.00 spent so far.',
      ],
      [
        '$675.00 spent on idle GPUs in the last 30 days',
        '150 of 400 GPU-hours granted to Products were not used; most by component:default/assistant-api (h100, $675.00). Release or right-size idle GPUs.',
      ],
    ]);
  });

  it.each([
    ['2026-11-20', '2026-11-20'],
    ['2026-11-22', '2026-11-21'],
  ])(
    'takes the last day with data (%s) but never today as complete',
    async (lastDataDay, expected) => {
      const { api } = client({
        getForecast: jest.fn(async ({ entityRef }) =>
          forecast(entityRef, { lastDataDay }),
        ),
      });
      await expect(api.getLastCompleteBillingDate()).resolves.toBe(expected);
    },
  );

  it('looks back for the last day with cost when this month has none', async () => {
    const { api } = client({
      getForecast: jest.fn(async ({ entityRef }) =>
        forecast(entityRef, { lastDataDay: null }),
      ),
      getCosts: jest.fn(async request =>
        dailyReport({
          entityRef: request.entityRef,
          from: request.from,
          to: request.to,
          series: [
            { key: 'x', label: 'x', amount: d => (d <= '2026-10-30' ? 1 : 0) },
          ],
        }),
      ),
    });
    await expect(api.getLastCompleteBillingDate()).resolves.toBe('2026-10-30');
  });

  it('serves idle GPU cost as a metric and refuses others', async () => {
    const { api } = client({
      getIdleWaste: jest.fn(async ({ entityRef, from, to }) => ({
        entityRef,
        from,
        to,
        currency: 'USD',
        gpuHoursAllocated: 0,
        gpuHoursUsed: 0,
        allocatedCost: 0,
        usedCost: 0,
        idleCost: 0,
        items: [],
        points: ['01', '02', '03', '04', '05', '06'].map((d, i) => ({
          date: `2026-11-${d}`,
          amount: i < 3 ? 2 : 4,
        })),
      })),
    });
    const metric = await api.getDailyMetricData('idle-gpu-cost', INTERVALS);
    expect(metric).toEqual({
      id: 'idle-gpu-cost',
      format: 'currency',
      aggregation: [
        { date: '2026-11-01', amount: 2 },
        { date: '2026-11-02', amount: 2 },
        { date: '2026-11-03', amount: 2 },
        { date: '2026-11-04', amount: 4 },
        { date: '2026-11-05', amount: 4 },
        { date: '2026-11-06', amount: 4 },
      ],
      change: { amount: 6, ratio: 1 },
    });
    await expect(api.getDailyMetricData('dau', INTERVALS)).rejects.toThrow(
      "metric: 'dau' is not served by the cost backend; use one of idle-gpu-cost",
    );
  });
});
