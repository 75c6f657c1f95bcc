import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityCostCard } from './EntityCostCard';
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
} from '../../__fixtures__/cost';
import { CostApi } from '../../api';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'assistant-api', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'conversational-ai',
    lifecycle: 'production',
  },
};
const entityRef = 'component:default/assistant-api';

// 2026-11-22: this month is 1–22 Nov, compared with 1–22 Oct.
const report: CostApi['getCosts'] = async ({ splitBy, from, to }) =>
  dailyReport({
    entityRef,
    from,
    to,
    splitBy,
    series:
      splitBy === 'provider'
        ? [
            {
              key: 'AWS',
              label: 'AWS',
              amount: d => (d >= '2026-11-01' ? 9 : 12),
            },
            {
              key: 'Kubernetes',
              label: 'Kubernetes',
              amount: d => (d >= '2026-11-01' ? 6 : 0),
            },
          ]
        : [
            {
              key: 'Amazon EC2',
              label: 'Amazon EC2',
              amount: d => (d >= '2026-11-01' ? 10 : 12),
            },
            {
              key: 'Kubernetes GPU',
              label: 'Kubernetes GPU',
              amount: d => (d >= '2026-11-01' ? 5 : 0),
            },
          ],
  });

function render(overrides: Partial<CostApi>, entity: Entity = component) {
  const api = costApiMock({
    getCosts: jest.fn(report),
    getIdleWaste: jest.fn(async ({ from, to }) =>
      idleWaste({ entityRef, from, to, allocatedCost: 110, usedCost: 44 }),
    ),
    getForecast: jest.fn(async () => forecast(entityRef)),
    getInferenceUsage: jest.fn(async () => inferenceUsage(entityRef)),
    ...overrides,
  });
  renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityCostCard />
    </EntityProvider>,
    {
      apis: [api],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

function stat(label: string | RegExp) {
  return screen.getByText(label, { selector: 'dt' }).nextElementSibling;
}

describe('EntityCostCard', () => {
  beforeEach(() => fixToday('2026-11-22T10:00:00Z'));
  afterEach(() => jest.useRealTimers());

  it('shows this month, the change, the forecast, the idle waste, the trend and the split', async () => {
    const api = render({});
    expect(
      await screen.findByRole('figure', {
        name: 'Daily cost over the last three months',
      }),
    ).toBeInTheDocument();
    expect(api.getCosts).toHaveBeenCalledWith({
      entityRef,
      from: '2026-09-01',
      to: '2026-11-22',
      granularity: 'day',
      splitBy: 'service',
    });
    expect(api.getIdleWaste).toHaveBeenCalledWith({
      entityRef,
      from: '2026-11-01',
      to: '2026-11-22',
    });
    // 22 days at 15 a day against 22 days at 12 a day.
    expect(stat('This month (November 2026)')).toHaveTextContent('$330.00');
    expect(
      screen.getByText(/\+25% \(\+\$66\.00\) vs 1 Oct 2026 – 22 Oct 2026/),
    ).toBeInTheDocument();
    expect(await screen.findByText('$450.00')).toBeInTheDocument();
    expect(stat('Idle GPU waste this month')).toHaveTextContent('$66.00');
    expect(screen.getByText('60% of $110.00 GPU cost')).toBeInTheDocument();
    const split = screen.getByRole('list', { name: 'Cost by service' });
    const items = within(split).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'Amazon EC2$220.00 66.7%',
      'Kubernetes GPU$110.00 33.3%',
    ]);
  });

  it('splits this month by provider on request', async () => {
    const api = render({});
    const group = await screen.findByRole('group', { name: 'Split by' });
    await userEvent.click(
      within(group).getByRole('button', { name: 'Provider' }),
    );
    const split = await screen.findByRole('list', { name: 'Cost by provider' });
    expect(
      within(split)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual(['AWS$198.00 60%', 'Kubernetes$132.00 40%']);
    expect(api.getCosts).toHaveBeenLastCalledWith(
      expect.objectContaining({ splitBy: 'provider' }),
    );
  });

  it('explains how to tag resources when nothing is allocated yet', async () => {
    render({
      getCosts: jest.fn(async ({ from, to }) =>
        dailyReport({ entityRef, from, to, splitBy: 'service', series: [] }),
      ),
      getIdleWaste: jest.fn(async ({ from, to }) =>
        idleWaste({ entityRef, from, to, allocatedCost: 0, usedCost: 0 }),
      ),
    });
    expect(
      await screen.findByText('No cost allocated to this entity yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'backstage.io/entity-ref: component:default/assistant-api',
      ),
    ).toBeInTheDocument();
  });

  it("says that the user can't see the team's costs on 403", async () => {
    const error = await responseError(403, 'cost.read denied');
    render({ getCosts: jest.fn(() => Promise.reject(error)) });
    expect(
      await screen.findByText("You can't see this team's costs"),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('shows the error panel for other failures', async () => {
    const error = await responseError(500, 'database is down');
    render({ getForecast: jest.fn(() => Promise.reject(error)) });
    expect(await screen.findByText(/database is down/)).toBeInTheDocument();
  });

  it('shows the inference the entity used of shared model servers', async () => {
    const api = render({
      getInferenceUsage: jest.fn(async () =>
        inferenceUsage(entityRef, [sharedLlmUsage], {
          inputTokens: sharedLlmUsage.inputTokens,
          outputTokens: sharedLlmUsage.outputTokens,
          cost: sharedLlmUsage.cost,
        }),
      ),
    });
    const section = await screen.findByRole('region', {
      name: 'Inference you used',
    });
    const table = await within(section).findByRole('table', {
      name: 'Inference used by assistant-api',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'Model serverModelsTokens inTokens outCost',
      'shared-llm-inferenceml-platform on gpu-allama-3-1-8b-instruct1,250,000310,000$41.12',
      'Total1,250,000310,000$41.12',
    ]);
    expect(api.getInferenceUsage).toHaveBeenCalledWith({
      entityRef,
      window: '30d',
    });
  });

  it('shows the inference used even when no cost is allocated', async () => {
    render({
      getCosts: jest.fn(async ({ from, to }) =>
        dailyReport({ entityRef, from, to, splitBy: 'service', series: [] }),
      ),
      getIdleWaste: jest.fn(async ({ from, to }) =>
        idleWaste({ entityRef, from, to, allocatedCost: 0, usedCost: 0 }),
      ),
    });
    expect(
      await screen.findByText('No cost allocated to this entity yet'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'No inference used in the last 30 days: assistant-api called no model server through the AI gateway.',
      ),
    ).toBeInTheDocument();
  });
});
