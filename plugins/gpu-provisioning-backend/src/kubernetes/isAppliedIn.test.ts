import { KubernetesObject } from '@kubernetes/client-node';
import { isAppliedIn } from './isAppliedIn';

type Obj = KubernetesObject & Record<string, unknown>;

const desired: Obj = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'gpu-grant', namespace: 'n', labels: { a: '1' } },
  spec: { hard: { 'requests.nvidia.com/gpu': '1000' } },
};

describe('isAppliedIn', () => {
  it.each<[string, Obj, boolean]>([
    ['the same object', desired, true],
    [
      'extra labels, annotations, status and server fields',
      {
        ...desired,
        metadata: {
          ...desired.metadata,
          labels: { a: '1', b: '2' },
          annotations: { x: 'y' },
          resourceVersion: '42',
        },
        status: { used: {} },
      },
      true,
    ],
    [
      'a quantity written back in another form',
      { ...desired, spec: { hard: { 'requests.nvidia.com/gpu': '1k' } } },
      true,
    ],
    [
      'a changed quota',
      { ...desired, spec: { hard: { 'requests.nvidia.com/gpu': '64' } } },
      false,
    ],
    [
      'a removed label',
      { ...desired, metadata: { name: 'gpu-grant', labels: {} } },
      false,
    ],
    ['no spec', { ...desired, spec: undefined }, false],
  ])('%s: %p', (_case, live, expected) => {
    expect(isAppliedIn(desired, live)).toBe(expected);
  });

  const binding: Obj = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'b' },
    subjects: [{ kind: 'Group', name: 'team' }],
    spec: { podSelector: {} },
  };

  it.each<[string, unknown, boolean]>([
    ['the same list', [{ kind: 'Group', name: 'team' }], true],
    [
      'defaulted fields in items',
      [{ kind: 'Group', name: 'team', apiGroup: 'rbac' }],
      true,
    ],
    [
      'an extra item',
      [
        { kind: 'Group', name: 'team' },
        { kind: 'User', name: 'm' },
      ],
      false,
    ],
    ['another item', [{ kind: 'User', name: 'team' }], false],
    ['no list', undefined, false],
  ])('lists: %s is applied: %p', (_case, subjects, expected) => {
    expect(isAppliedIn(binding, { ...binding, subjects } as Obj)).toBe(
      expected,
    );
  });

  it('takes an empty object as applied when the server dropped it', () => {
    expect(isAppliedIn(binding, { ...binding, spec: {} } as Obj)).toBe(true);
  });
});
