import { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import plugin, {
  modelEntityContent,
  modelOverviewEntityCard,
  modelServingEntityCard,
  modelServingEntityContent,
} from './alpha';
import { llama, server } from './__fixtures__/models';

describe('model-catalog (new frontend system)', () => {
  it('is the model-catalog plugin', () => {
    expect(plugin.pluginId).toBe('model-catalog');
    expect(plugin.routes.root).toBeDefined();
  });

  it.each([
    'api:model-catalog',
    'page:model-catalog',
    'entity-content:model-catalog/model',
    'entity-card:model-catalog/model-overview',
    'entity-card:model-catalog/gpu-fit',
    'entity-card:model-catalog/deployments',
    'entity-content:model-catalog/serving',
    'entity-card:model-catalog/serving',
  ] as const)('provides the %s extension', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });

  it.each([
    [llama, true],
    [server, false],
    [{ ...llama, spec: { ...llama.spec, type: 'database' } } as Entity, false],
  ])('shows model content and cards only on models (%#)', (entity, shown) => {
    const content = createExtensionTester(modelEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    const card = createExtensionTester(modelOverviewEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(content?.(entity)).toBe(shown);
    expect(card?.(entity)).toBe(shown);
  });

  it.each([
    [llama, true, false],
    [server, true, true],
    [
      {
        ...server,
        metadata: {
          name: 'shared-llm-inference',
          annotations: { 'backstage.io/kubernetes-id': 'shared-llm-inference' },
        },
        spec: { type: 'service' },
      } as Entity,
      true,
      false,
    ],
    [{ ...server, spec: { type: 'service' } } as Entity, false, false],
  ])(
    'shows the Serving tab and card where serving pods may be (%#)',
    (entity, tab, card) => {
      expect(
        createExtensionTester(modelServingEntityContent).get(
          EntityContentBlueprint.dataRefs.filterFunction,
        )?.(entity),
      ).toBe(tab);
      expect(
        createExtensionTester(modelServingEntityCard).get(
          EntityCardBlueprint.dataRefs.filterFunction,
        )?.(entity),
      ).toBe(card);
    },
  );
});
