import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { BudgetStatus } from '@ai-platform/plugin-cost-common';
import { GroupCostContent } from './GroupCostContent';
import {
  costApiMock,
  fixToday,
  responseError,
} from '../../__testUtils__/costApiMock';
import {
  dailyReport,
  forecast,
  idleWaste,
  inferenceUsage,
  sharedLlmUsage,
  unlistedServerUsage,
} from '../../__fixtures__/cost';
import { CostApi } from '../../api';

const products: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'products', namespace: 'default', title: 'Products' },
  spec: { type: 'department', children: [] },
};
const groupRef = 'group:default/products';
const search = 'group:default/search-relevance';
const conversational = 'group:default/conversational-ai';

const components: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'assistant-api', namespace: 'default' },
    spec: {
      type: 'service',
      owner: 'conversational-ai',
      lifecycle: 'production',
    },
  },
];

const budget: BudgetStatus = {
  id: 'b-search',
  groupRef: search,
  amount: 3000,
  currency: 'USD',
  updatedBy: 'user:default/irene.head',
  updatedAt: '2026-11-01T00:00:00Z',
  monthToDate: 2000,
  forecast: 3500,
  overBudget: true,
};

// Weekly buckets from 2026-09-01 to 2026-11-22: 12 weeks (the last partial).
const costs: CostApi['getCosts'] = async ({ from, to, granularity, splitBy }) =>
  dailyReport({
    entityRef: groupRef,
    from,
    to,
    splitBy,
    granularity,
    series: [
      { key: search, label: 'Search Relevance', amount: () => 100 },
      { key: conversational, label: 'Conversational AI', amount: () => 300 },
    ],
  });

function render(overrides: Partial<CostApi> = {}) {
  const api = costApiMock({
    getCosts: jest.fn(costs),
    getForecast: jest.fn(async () =>
      forecast(groupRef, {
        monthToDate: 8800,
        forecast: 12000,
        budget: 10000,
        overBudget: true,
      }),
    ),
    getBudgets: jest.fn(async () => [budget]),
    canManageBudget: jest.fn(async () => false),
    getTopSpenders: jest.fn(async ({ by }) => ({
      entityRef: groupRef,
      from: '2026-09-01',
      to: '2026-11-22',
      by: by ?? 'team',
      currency: 'USD',
      items:
        by === 'service'
          ? [
              {
                key: 'Kubernetes GPU',
                label: 'Kubernetes GPU',
                amount: 20000,
                previousAmount: 16000,
              },
              {
                key: 'Amazon S3',
                label: 'Amazon S3',
                amount: 1200,
                previousAmount: 0,
              },
            ]
          : [
              {
                key: 'component:default/assistant-api',
                label: 'assistant-api',
                amount: 15000,
                previousAmount: 15000,
              },
            ],
    })),
    getIdleWaste: jest.fn(async ({ from, to }) =>
      idleWaste({
        entityRef: groupRef,
        from,
        to,
        allocatedCost: 9000,
        usedCost: 6750,
      }),
    ),
    exportCostsCsv: jest.fn(async () => new Blob(['date,key\n'])),
    getInferenceUsage: jest.fn(async () =>
      inferenceUsage(groupRef, [sharedLlmUsage, unlistedServerUsage], {
        inputTokens: 1_340_000,
        outputTokens: 322_000,
        cost: '100.000000000',
      }),
    ),
    ...overrides,
  });
  renderInTestApp(
    <EntityProvider entity={products}>
      <GroupCostContent />
    </EntityProvider>,
    {
      apis: [api, catalogApiMock({ entities: components })],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

// The page renders several tables; jsdom is slow at them.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

describe('GroupCostContent', () => {
  beforeEach(() => fixToday('2026-11-22T10:00:00Z'));
  afterEach(() => jest.useRealTimers());

  it('shows the spend of the group and of each child team', async () => {
    const api = render();
    expect(
      await screen.findByRole(
        'figure',
        { name: 'Spend by team over time' },
        slow,
      ),
    ).toBeInTheDocument();
    expect(api.getCosts).toHaveBeenCalledWith({
      entityRef: groupRef,
      from: '2026-09-01',
      to: '2026-11-22',
      granularity: 'week',
      splitBy: 'childTeam',
    });
    // 83 days from 1 Sep to 22 Nov at 400 a day.
    expect(
      screen.getByText('Last 3 months', { selector: 'dt' }).nextElementSibling,
    ).toHaveTextContent('$33,200.00');
    expect(
      screen.getByText('November 2026 so far', { selector: 'dt' })
        .nextElementSibling,
    ).toHaveTextContent('$8,800.00');
    expect(
      screen.getByText('Monthly budget', { selector: 'dt' }).nextElementSibling,
    ).toHaveTextContent('$10,000.00');
    expect(screen.getByText('120% forecast — over budget')).toBeInTheDocument();

    const conv = screen.getByRole('link', { name: 'Conversational AI' });
    const convRow = conv.closest('tr') as HTMLElement;
    expect(within(convRow).getByText('$24,900.00')).toBeInTheDocument();
    expect(within(convRow).getByText('75%')).toBeInTheDocument();
    const searchRow = screen
      .getByRole('link', { name: 'Search Relevance' })
      .closest('tr') as HTMLElement;
    expect(within(searchRow).getByText('$8,300.00')).toBeInTheDocument();
    expect(within(searchRow).getByText('$3,000.00')).toBeInTheDocument();
    expect(within(searchRow).getByText('Over budget')).toBeInTheDocument();
  });

  it('shows the top services, the idle waste and the owners of the top entities', async () => {
    render();
    const gpuRow = (
      await screen.findByText('Kubernetes GPU', undefined, slow)
    ).closest('tr') as HTMLElement;
    expect(within(gpuRow).getByText('$20,000.00')).toBeInTheDocument();
    expect(within(gpuRow).getByText('+25%')).toBeInTheDocument();
    const s3Row = screen.getByText('Amazon S3').closest('tr') as HTMLElement;
    expect(within(s3Row).getByText('new')).toBeInTheDocument();

    expect(
      screen.getByText('Idle GPU waste', { selector: 'dt' }).nextElementSibling,
    ).toHaveTextContent('$2,250.00');
    expect(screen.getByText('25% of the GPU cost')).toBeInTheDocument();

    const entityLink = await screen.findByRole('link', {
      name: 'assistant-api',
    });
    const entityRow = entityLink.closest('tr') as HTMLElement;
    expect(
      await within(entityRow).findByRole('link', { name: 'conversational-ai' }),
    ).toBeInTheDocument();
  });

  it('lets a manager set the group budget', async () => {
    const api = render({
      canManageBudget: jest.fn(async () => true),
      createBudget: jest.fn(async body => ({
        id: 'b-products',
        groupRef,
        amount: body.amount,
        currency: 'USD',
        updatedBy: 'user:default/guest',
        updatedAt: '2026-11-22T10:00:00Z',
      })),
    });
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Set a budget for Products' },
        slow,
      ),
    );
    const dialog = await screen.findByRole('dialog', undefined, slow);
    const save = within(dialog).getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    // Typed as a whole: key by key re-renders the page behind the dialog.
    const amount = within(dialog).getByLabelText('Amount per month');
    fireEvent.change(amount, { target: { value: '-5' } });
    expect(
      within(dialog).getByText('The amount must be greater than 0'),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();
    // Past what the store holds: refused here, as the API would refuse it.
    fireEvent.change(amount, { target: { value: '9000000001' } });
    expect(
      within(dialog).getByText('The amount must be at most 9000000000'),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();
    fireEvent.change(amount, { target: { value: '15000' } });
    expect(save).toBeEnabled();
    await userEvent.click(save);
    await waitFor(
      () =>
        expect(api.createBudget).toHaveBeenCalledWith({
          groupRef,
          amount: 15000,
          currency: 'USD',
        }),
      slow,
    );
    await waitFor(() => expect(api.getBudgets).toHaveBeenCalledTimes(2), slow);
  }, 60_000);

  it("lets a manager change and remove the group's budget", async () => {
    const own: BudgetStatus = {
      ...budget,
      id: 'b-products',
      groupRef,
      amount: 10000,
      overBudget: false,
    };
    const api = render({
      canManageBudget: jest.fn(async () => true),
      getBudgets: jest.fn(async () => [own, budget]),
      updateBudget: jest.fn(async (id, body) => ({ ...own, id, ...body })),
      deleteBudget: jest.fn(async () => undefined),
    });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Change the budget of Products',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const amount = within(dialog).getByLabelText('Amount per month');
    expect(amount).toHaveValue(10000);
    fireEvent.change(amount, { target: { value: '12500' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateBudget).toHaveBeenCalledWith('b-products', {
        groupRef,
        amount: 12500,
        currency: 'USD',
      }),
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Remove the budget of Products' }),
    );
    await waitFor(() =>
      expect(api.deleteBudget).toHaveBeenCalledWith('b-products'),
    );
    // The teams' budgets cannot be changed from the department's page.
    expect(
      screen.getAllByRole('button', { name: /Change the budget/ }),
    ).toHaveLength(1);
  }, 60_000);

  it('shows no budget controls to others', async () => {
    const api = render();
    await screen.findByRole(
      'figure',
      { name: 'Spend by team over time' },
      slow,
    );
    await waitFor(
      () => expect(api.canManageBudget).toHaveBeenCalledWith(groupRef),
      slow,
    );
    expect(
      screen.queryByRole('button', { name: /Set a budget/ }),
    ).not.toBeInTheDocument();
  });

  it('exports the report as CSV', async () => {
    const createObjectURL = jest.fn(() => 'blob:cost');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export CSV' }, slow),
    );
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled(), slow);
    expect(api.exportCostsCsv).toHaveBeenCalledWith({
      entityRef: groupRef,
      from: '2026-09-01',
      to: '2026-11-22',
      granularity: 'week',
      splitBy: 'childTeam',
    });
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:cost');
  });

  it('asks again for another range and granularity', async () => {
    const api = render();
    await screen.findByRole(
      'figure',
      { name: 'Spend by team over time' },
      slow,
    );
    await userEvent.click(
      screen.getByRole('button', { name: /Last 3 months/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 12 months' }, slow),
    );
    await waitFor(
      () =>
        expect(api.getCosts).toHaveBeenLastCalledWith({
          entityRef: groupRef,
          from: '2025-12-01',
          to: '2026-11-22',
          granularity: 'month',
          splitBy: 'childTeam',
        }),
      slow,
    );
  });

  it("says that the user can't see the department's costs on 403", async () => {
    const error = await responseError(403, 'cost.read denied');
    render({ getCosts: jest.fn(() => Promise.reject(error)) });
    expect(
      await screen.findByText("You can't see this team's costs"),
    ).toBeInTheDocument();
  });

  it('explains how to allocate cost to an empty group', async () => {
    render({
      getCosts: jest.fn(async ({ from, to }) =>
        dailyReport({
          entityRef: groupRef,
          from,
          to,
          splitBy: 'childTeam',
          series: [],
        }),
      ),
    });
    expect(
      await screen.findByText('No cost allocated to this group yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('ai-platform.io/team: group:default/products'),
    ).toBeInTheDocument();
  });

  it("shows the inference the group's teams used, per model server, with the total", async () => {
    const api = render();
    const table = await screen.findByRole(
      'table',
      { name: 'Inference used by Products' },
      slow,
    );
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toHaveTextContent('vllm-70b.research.svc');
    expect(rows[2]).toHaveTextContent('shared-llm-inference');
    expect(rows[3]).toHaveTextContent('Total1,340,000322,000$100.00');
    expect(api.getInferenceUsage).toHaveBeenCalledWith({
      groupRef,
      window: '30d',
    });
  });
});
