import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  isLabelSelector,
  isLabelValue,
  parseInput,
} from '@ai-platform/plugin-ai-platform-node';
import { parentsOf } from '@ai-platform/plugin-ai-platform-node';
import { ownerOf } from './catalog/CatalogOrganisation';
import { readGpuMetricsConfig } from './config/GpuMetricsConfig';
import {
  isNamespaceName,
  workloadSelector,
} from './kubernetes/workloadSelector';
import { isTeamOrAncestor } from './permissions/rules';
import {
  escapeRegex,
  promqlAlternation,
  promqlString,
} from './prometheus/promql';
import { entityRefParameter, querySchemas } from './querySchemas';

const LENGTH = 10_000;

/** `unit` repeated to exactly LENGTH characters, then `tail`. */
function fill(unit: string, tail = ''): string {
  const body = unit.repeat(Math.ceil(LENGTH / unit.length));
  return body.slice(0, LENGTH - tail.length) + tail;
}

/**
 * Strings of 10,000 characters built to make a backtracking matcher of the
 * Kubernetes name, label and selector grammars (and of entity refs) try
 * exponentially or quadratically many ways before failing: repeated
 * separators that each grammar allows inside but not at the end, and valid
 * prefixes spoiled by their last character.
 */
const HOSTILE: Array<[string, string]> = [
  ['a.', fill('a.')],
  ['a-', fill('a-')],
  ['a_', fill('a_')],
  ['a/', fill('a/')],
  ['a,', fill('a,')],
  ['(', fill('(')],
  [')', fill(')')],
  ['a=', fill('a=')],
  ['a.a-a_ then !', fill('a.a-a_', '!')],
  ['a then -', fill('a', '-')],
  ['a.b/c=d, repeated, then "', fill('a.b/c=d,', '"')],
  ['k in (v, repeated, then !', `k in (${fill('v,', '!').slice(6)}`],
  ['k in (( repeated', `k in ${fill('(')}`.slice(0, LENGTH)],
  ['x=y, repeated, trailing comma', fill('x=y,')],
  ['!k, repeated, then =', fill('!k,', '=')],
  ['spaces, then !', fill(' ', '!')],
  ['a, spaces', fill('a ')],
  ['kind:ns/ repeated', fill('a:b/')],
  ['colons', fill(':')],
  ['dots then slash', fill('.', '/')],
  ['regex metacharacters', fill('.*+?^${}()|[]\\')],
  ['unicode', fill('é\u202e')],
  ['newlines', fill('a\n')],
];

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'c', namespace: 'default', annotations },
    spec: { owner: annotations.owner ?? 'team' },
  };
}

/**
 * Runs `fn` three times, ignoring what it returns or throws, and gives the
 * shortest time taken: a super-linear matcher is slow on every run, while
 * the tests share a loaded machine whose scheduler may pause any one run.
 */
function timed(fn: () => unknown): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    try {
      fn();
    } catch {
      // Refusing is fine; taking long is not.
    }
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const VALIDATORS: Array<[string, (s: string) => unknown]> = [
  [
    'backstage.io/kubernetes-label-selector',
    s =>
      workloadSelector(
        component({ 'backstage.io/kubernetes-label-selector': s }),
      ),
  ],
  [
    'backstage.io/kubernetes-id',
    s => workloadSelector(component({ 'backstage.io/kubernetes-id': s })),
  ],
  [
    'backstage.io/kubernetes-namespace',
    s =>
      workloadSelector(
        component({
          'backstage.io/kubernetes-id': 'ok',
          'backstage.io/kubernetes-namespace': s,
        }),
      ),
  ],
  ['isLabelSelector', isLabelSelector],
  ['isLabelValue', isLabelValue],
  ['isNamespaceName', isNamespaceName],
  ['entityRef', s => entityRefParameter('entityRef', s)],
  [
    'entity query',
    s => parseInput(querySchemas.entity, { entityRef: s }, { where: 'query' }),
  ],
  [
    'group query',
    s => parseInput(querySchemas.group, { groupRef: s }, { where: 'query' }),
  ],
  [
    'window query',
    s => parseInput(querySchemas.fleet, { window: s }, { where: 'query' }),
  ],
  [
    'heatmap query',
    s =>
      parseInput(
        querySchemas.heatmap,
        { window: '1h', cluster: s },
        { where: 'query' },
      ),
  ],
  ['spec.owner', s => ownerOf(component({ owner: s }))],
  [
    'spec.parent',
    s =>
      parentsOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'g' },
        spec: { parent: s },
      }),
  ],
  [
    'IS_TEAM_OR_ANCESTOR params',
    s =>
      isTeamOrAncestor.apply(
        { ref: 'group:default/a', team: 'group:default/a', ancestors: [] },
        { groupRefs: [s, s] },
      ),
  ],
  [
    'gpuMetrics.metrics.utilisation',
    s =>
      readGpuMetricsConfig(
        new ConfigReader({ gpuMetrics: { metrics: { utilisation: s } } }),
      ),
  ],
  [
    'gpuMetrics.clusterLabel',
    s =>
      readGpuMetricsConfig(
        new ConfigReader({ gpuMetrics: { clusterLabel: s } }),
      ),
  ],
  ['promqlString', promqlString],
  ['escapeRegex', escapeRegex],
  ['promqlAlternation', s => promqlAlternation([s, s])],
];

describe('every annotation and query validator', () => {
  it('is given strings of 10,000 characters', () => {
    for (const [, text] of HOSTILE) expect(text.length).toBe(LENGTH);
  });

  describe.each(VALIDATORS)('%s', (_name, validate) => {
    // Warm up the code path so the first case does not pay for compilation.
    beforeAll(() => {
      timed(() => validate(HOSTILE[0][1]));
    });

    it.each(HOSTILE)('answers %s in under 50 ms', (_label, text) => {
      expect(timed(() => validate(text))).toBeLessThan(50);
    });
  });
});
