import {
  costPlugin,
  CostExplorerPage,
  EntityCostCard,
  EntityGroupCostContent,
} from './plugin';
import { costApiRef } from './api';

describe('cost (legacy frontend system)', () => {
  it('is the cost plugin with its API and route', () => {
    expect(costPlugin.getId()).toBe('cost');
    expect([...costPlugin.getApis()].map(f => f.api.id)).toEqual([
      costApiRef.id,
    ]);
    expect(costPlugin.routes.root).toBeDefined();
  });

  it.each([
    ['CostExplorerPage', CostExplorerPage],
    ['EntityCostCard', EntityCostCard],
    ['EntityGroupCostContent', EntityGroupCostContent],
  ])('provides %s', (_name, extension) => {
    expect(typeof extension).toBe('function');
  });
});
