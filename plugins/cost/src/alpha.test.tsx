import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import plugin, {
  costInsightsModule,
  entityCostCard,
  groupCostContent,
} from './alpha';
import { costApiMock } from './__testUtils__/costApiMock';
import { dailyReport } from './__fixtures__/cost';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('cost (new frontend system)', () => {
  it('is the cost plugin', () => {
    expect(plugin.pluginId).toBe('cost');
    expect(plugin.routes.root).toBeDefined();
  });

  it.each([
    'api:cost',
    'page:cost',
    'entity-card:cost/entity-cost',
    'entity-content:cost/group-cost',
  ] as const)('provides the %s extension', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });

  it.each([
    ['Component', true, false],
    ['Resource', true, false],
    ['System', true, false],
    ['Group', true, true],
    ['API', false, false],
    ['User', false, false],
  ])(
    'on %s pages shows the cost card: %s, the cost tab: %s',
    (kind, card, tab) => {
      const cardFilter = createExtensionTester(entityCostCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      );
      const tabFilter = createExtensionTester(groupCostContent).get(
        EntityContentBlueprint.dataRefs.filterFunction,
      );
      expect(cardFilter?.(entity(kind))).toBe(card);
      expect(tabFilter?.(entity(kind))).toBe(tab);
    },
  );

  it('offers a module that gives Cost Insights our data', () => {
    expect(costInsightsModule.pluginId).toBe('cost-insights');
  });

  it('mounts the group cost tab at /cost titled Cost', () => {
    const tester = createExtensionTester(groupCostContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Cost');
  });

  it('serves the explorer at /cost', async () => {
    // Load the page's lazy module up front: compiling it takes a while.
    await import('./components/CostExplorerPage');
    const api = costApiMock({
      getGroups: jest.fn().mockResolvedValue([
        {
          ref: 'group:default/products',
          title: 'Products',
          type: 'department',
          parentRef: null,
          childRefs: [],
        },
      ]),
      getCosts: jest.fn(async request =>
        dailyReport({
          entityRef: request.entityRef,
          from: request.from,
          to: request.to,
          splitBy: request.splitBy,
          series: [{ key: 'a', label: 'A', amount: () => 1 }],
        }),
      ),
      getTopSpenders: jest.fn(async () => ({
        entityRef: 'group:default/products',
        from: '',
        to: '',
        by: 'team' as const,
        currency: 'USD',
        items: [],
      })),
      getIngestStatus: jest.fn().mockResolvedValue([]),
    });
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/cost'],
      apis: [api],
    });
    expect(
      await screen.findByRole(
        'figure',
        { name: 'Cost over time' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Cost', level: 1 }),
    ).toBeInTheDocument();
    expect(api.getCosts).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'group:default/products' }),
    );
  }, 40_000);
});
