import { GpuQueries } from '../prometheus/GpuQueries';
import { promqlString } from '../prometheus/promql';
import { windowStepsRange } from '../prometheus/promql';

/**
 * The PromQL of one namespace's GPUs: its pods' DCGM utilisation (MIG
 * instances by their graphics-engine activity, as for entities), sampled
 * at the window's step. The namespace was checked as a DNS-1123 label and
 * reaches the text only through {@link promqlString}.
 */
export function namespaceUsageQueries(options: {
  queries: GpuQueries;
  namespace: string;
  range: { seconds: number; step: number };
  idleBelow: number;
}): {
  heldSteps: string;
  busySteps: string;
  idleSteps: string;
  utilSum: string;
  utilMax: string;
  gpusHeld: string;
  busy: string;
} {
  const { queries, namespace, range, idleBelow } = options;
  const held = [`namespace=${promqlString(namespace)}`, 'pod!=""'];
  const u = `(${queries.selectAll(
    'utilisation',
    held,
  )} or 100 * ${queries.selectAll('smActive', [...held, 'GPU_I_ID!=""'])})`;
  const w = windowStepsRange(range);
  return {
    heldSteps: `sum(count_over_time(${u}${w}))`,
    busySteps: `sum(count_over_time((${u} >= ${idleBelow})${w}))`,
    idleSteps: `sum(count_over_time((${u} < ${idleBelow})${w}))`,
    utilSum: `sum(sum_over_time(${u}${w}))`,
    utilMax: `max(max_over_time(${u}${w}))`,
    gpusHeld: `count(${u})`,
    /** For a range query: present at the steps where a GPU was busy. */
    busy: `max(${u}) >= ${idleBelow}`,
  };
}
