import { GpuQueries } from '../prometheus/GpuQueries';
import { promqlString } from '../prometheus/promql';
import { windowStepsRange } from '../prometheus/promql';

/** The queries of {@link namespaceUsageQueries}, by the figure each gives. */
export interface NamespaceUsageQueries {
  heldSteps: string;
  busySteps: string;
  idleSteps: string;
  utilSum: string;
  utilMax: string;
  gpusHeld: string;
  /** For a range query: present at the steps where a GPU was busy. */
  busy: string;
}

/**
 * The PromQL of namespaces' GPUs: their pods' DCGM utilisation (MIG
 * instances by their graphics-engine activity, as for entities), sampled
 * at the window's step. With `namespace`, that one namespace's figures (the
 * name was checked as a DNS-1123 label and reaches the text only through
 * {@link promqlString}); without, the same figures for every namespace,
 * one series per namespace (`by (namespace)`), so the number of queries
 * does not grow with the number of namespaces.
 */
export function namespaceUsageQueries(options: {
  queries: GpuQueries;
  namespace?: string;
  range: { seconds: number; step: number };
  idleBelow: number;
}): NamespaceUsageQueries {
  const { queries, namespace, range, idleBelow } = options;
  const held = [
    namespace === undefined
      ? 'namespace!=""'
      : `namespace=${promqlString(namespace)}`,
    'pod!=""',
  ];
  const by = namespace === undefined ? ' by (namespace)' : '';
  const u = `(${queries.selectAll(
    'utilisation',
    held,
  )} or 100 * ${queries.selectAll('smActive', [...held, 'GPU_I_ID!=""'])})`;
  const w = windowStepsRange(range);
  return {
    heldSteps: `sum${by}(count_over_time(${u}${w}))`,
    busySteps: `sum${by}(count_over_time((${u} >= ${idleBelow})${w}))`,
    idleSteps: `sum${by}(count_over_time((${u} < ${idleBelow})${w}))`,
    utilSum: `sum${by}(sum_over_time(${u}${w}))`,
    utilMax: `max${by}(max_over_time(${u}${w}))`,
    gpusHeld: `count${by}(${u})`,
    busy: `max${by}(${u}) >= ${idleBelow}`,
  };
}
