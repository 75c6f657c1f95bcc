import { Entity } from '@backstage/catalog-model';
import { isNamespaceName, workloadSelector } from './workloadSelector';

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'c', annotations },
    spec: {},
  };
}

describe('workloadSelector', () => {
  it('selects by kubernetes-id within the annotated namespace', () => {
    expect(
      workloadSelector(
        component({
          'backstage.io/kubernetes-id': 'recs-serving',
          'backstage.io/kubernetes-namespace': 'recommendations',
        }),
      ),
    ).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=recs-serving',
      namespace: 'recommendations',
    });
  });

  it.each([
    ['backstage.io/kubernetes-id', 'x"} or vector(1) #'],
    ['backstage.io/kubernetes-id', 'a\nb'],
    ['backstage.io/kubernetes-id', 'a.*|b'],
    ['backstage.io/kubernetes-label-selector', 'app=x"} or vector(1) #'],
    ['backstage.io/kubernetes-label-selector', 'app=a\nb'],
    ['backstage.io/kubernetes-label-selector', 'app=~.*'],
    ['backstage.io/kubernetes-namespace', 'ns"}'],
    ['backstage.io/kubernetes-namespace', 'a|b'],
  ])('refuses %s %j naming the annotation', (annotation, value) => {
    const annotations: Record<string, string> = {
      'backstage.io/kubernetes-id': 'ok',
      [annotation]: value,
    };
    expect(() => workloadSelector(component(annotations))).toThrow(annotation);
  });

  it.each([
    'app=web',
    'app.kubernetes.io/name in (a, b),tier!=cache',
    '!canary',
    'env',
    'team==ml',
  ])('accepts the label selector %j', selector => {
    expect(
      workloadSelector(
        component({ 'backstage.io/kubernetes-label-selector': selector }),
      ),
    ).toEqual({ labelSelector: selector, namespace: undefined });
  });

  it('says where a label selector goes wrong', () => {
    expect(() =>
      workloadSelector(
        component({ 'backstage.io/kubernetes-label-selector': 'app in (a b)' }),
      ),
    ).toThrow(
      "Annotation backstage.io/kubernetes-label-selector is not a valid label selector: Invalid label selector at position 10: found 'b', expected ',', ')' or a label value",
    );
  });

  it.each([
    ['recommendations', true],
    ['a', true],
    ['a-1', true],
    ['x'.repeat(63), true],
    ['x'.repeat(64), false],
    ['', false],
    ['-a', false],
    ['a-', false],
    ['A', false],
    ['a.b', false],
  ])('namespace %j is valid: %s', (name, valid) => {
    expect(isNamespaceName(name)).toBe(valid);
  });

  it('is undefined without annotations', () => {
    expect(workloadSelector(component({}))).toBeUndefined();
  });
});
