import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { rollUpSelectors } from './rollUpSelectors';

function component(name: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'group:default/team' },
  } as Entity;
}

const withId = (name: string, id = name) =>
  component(name, { 'backstage.io/kubernetes-id': id });

describe('rollUpSelectors', () => {
  const logger = mockServices.logger.mock();

  it('keeps the first entities with workloads by ref up to the cap, and every entity without', () => {
    const result = rollUpSelectors(
      [withId('Zeta'), component('docs'), withId('alpha'), withId('beta')],
      { limit: 2, logger },
    );
    expect(result.selectors.map(s => s.ref)).toEqual([
      'component:default/alpha',
      'component:default/beta',
      'component:default/docs',
    ]);
    expect(result.selectors[0].selector).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=alpha',
      namespace: undefined,
    });
    expect(result.truncated).toEqual({ limit: 2, total: 3 });
    expect(logger.warn).toHaveBeenCalledWith(
      'Group roll-up cut at gpuMetrics.maxEntitiesPerGroup',
      { limit: 2, total: 3 },
    );
  });

  it('skips and reports entities with malformed annotations', () => {
    const result = rollUpSelectors([withId('hostile', 'a b'), withId('fine')], {
      limit: 10,
      logger,
    });
    expect(result.selectors.map(s => s.ref)).toEqual([
      'component:default/fine',
    ]);
    expect(result.entityErrors).toEqual([
      {
        entityRef: 'component:default/hostile',
        annotation: 'backstage.io/kubernetes-id',
        message:
          'Annotation backstage.io/kubernetes-id is not a valid label value',
      },
    ]);
    expect(result.truncated).toBeNull();
  });
});
