import { aboutWait } from './describeStartEstimate';

/** One piece of work waiting for GPUs: a Kueue Workload, a gang's PodGroup or a pod. */
export interface QueuedWork {
  kind: 'Workload' | 'PodGroup' | 'Pod';
  namespace: string;
  name: string;
  /** GPUs (or MIG instances) it asks for. */
  gpus: number;
  /** Its priority; higher goes first. */
  priority: number;
  /** When it was created, in ms: among equal priorities the older goes first. */
  createdAt: number;
  /** Why the scheduler has not started it, in its own words. */
  message?: string;
  /** A stage the scheduler takes first when lower (Volcano's enqueued PodGroups before pending ones); 0 when absent. */
  stage?: number;
}

/** A Kubernetes timestamp (a string, or a `Date` as the client reads it) in ms; 0 when absent. */
export function timeOf(value: Date | string | undefined): number {
  if (value === undefined) return 0;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * The order a queue takes its waiting work in: priority, then age, as
 * Kueue's ClusterQueues (BestEffortFIFO and StrictFIFO), the Kubernetes
 * scheduler's active queue (PrioritySort), KAI Scheduler's and Volcano's
 * job order within a queue do (after Volcano's stage: enqueued first). Names
 * break ties so the order is stable.
 */
export function queueOrder(a: QueuedWork, b: QueuedWork): number {
  return (
    (a.stage ?? 0) - (b.stage ?? 0) ||
    b.priority - a.priority ||
    a.createdAt - b.createdAt ||
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)
  );
}

/** What is known of one queue and of one grant's work in it. */
export interface QueueFacts {
  /** The queue, as people call it: `ClusterQueue vision`, `the H100 queue on gpu-prod`. */
  queue: string;
  /** What is counted, plural: `H100 GPUs`. */
  units: string;
  /** What the waiting work is called: `job` (Kueue Workloads, KAI and Volcano PodGroups) or `pod`. */
  noun: 'job' | 'pod';
  /** Everything waiting in the queue, any namespace, in any order. */
  waiting: QueuedWork[];
  /** The grant's namespace: its work is the waiting work in it. */
  namespace: string;
  /** How many of the grant's workloads have started. */
  started: number;
  /** GPUs of the queue free now. */
  freeNow: number;
  /** The most the queue could ever give one workload, when known (nominal quota and borrowing, or the cluster's GPUs of the class). */
  most?: number;
  /** The next portal grant holding GPUs of the queue to end. */
  nextRelease?: { at: Date; gpus: number };
  now: Date;
}

/** A grant's waiting workload and where it stands. */
export interface PlacedWork {
  kind: 'Workload' | 'PodGroup' | 'Pod';
  name: string;
  gpus: number;
  position: number;
  ahead: number;
  aheadGpus: number;
  message?: string;
}

/** Where a grant's work stands in its queue, and the words for it. */
export interface PlacedQueue {
  state: 'waiting' | 'running' | 'idle';
  queue: string;
  position?: number;
  ahead?: number;
  aheadGpus?: number;
  waitingGpus?: number;
  freeNow: number;
  nextRelease?: { at: string; gpus: number };
  workloads: PlacedWork[];
  summary: string;
  startsWhen?: string;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `8 H100 GPUs`, `1 H100 GPU`. */
function amount(count: number, units: string): string {
  return count === 1 ? `1 ${units.replace(/s$/, '')}` : `${count} ${units}`;
}

/**
 * Places a grant's waiting work in its queue: each workload's position
 * (1 is next), how many wait ahead of it and for how many GPUs; and says,
 * without clock times, where the first stands and what would let it start.
 */
export function placeInQueue(facts: QueueFacts): PlacedQueue {
  const { queue, units, noun, namespace, freeNow, now } = facts;
  const ordered = [...facts.waiting].sort(queueOrder);
  const workloads: PlacedWork[] = [];
  let before = 0;
  ordered.forEach((work, index) => {
    if (work.namespace === namespace) {
      workloads.push({
        kind: work.kind,
        name: work.name,
        gpus: work.gpus,
        position: index + 1,
        ahead: index,
        aheadGpus: before,
        ...(work.message ? { message: work.message } : {}),
      });
    }
    before += work.gpus;
  });
  const nextRelease = facts.nextRelease && {
    at: facts.nextRelease.at.toISOString(),
    gpus: facts.nextRelease.gpus,
  };
  const base = {
    queue,
    freeNow,
    workloads,
    ...(nextRelease && { nextRelease }),
  };

  const first = workloads[0];
  if (!first) {
    return {
      ...base,
      state: facts.started ? 'running' : 'idle',
      summary: facts.started
        ? `All ${plural(
            facts.started,
            noun,
          )} of this grant started; none waits in ${queue}.`
        : `Nothing of this grant waits in ${queue}: no ${noun}s are queued in its namespace.`,
    };
  }

  const waitingGpus = workloads.reduce((sum, w) => sum + w.gpus, 0);
  const releaseWords = facts.nextRelease
    ? `the next grant to free ${amount(
        facts.nextRelease.gpus,
        units,
      )} ends in ${aboutWait(facts.nextRelease.at.getTime() - now.getTime())}`
    : undefined;
  const yours = workloads.length === 1 ? 'yours' : 'your first';
  const summary =
    first.ahead === 0
      ? `Your ${noun} is next in ${queue}; it asks for ${amount(
          first.gpus,
          units,
        )} and ${freeNow} ${freeNow === 1 ? 'is' : 'are'} free${
          releaseWords ? `; ${releaseWords}` : ''
        }.`
      : `${plural(first.ahead, noun)} ahead of ${yours} in ${queue}, ${amount(
          first.aheadGpus,
          units,
        )}${releaseWords ? `; ${releaseWords}` : ''}.`;

  // The first waits for everything ahead of it and for its own GPUs.
  const needed = first.aheadGpus + first.gpus;
  const short = needed - freeNow;
  let startsWhen: string;
  if (facts.most !== undefined && first.gpus > facts.most) {
    startsWhen = `It cannot start as it is: it asks for ${amount(
      first.gpus,
      units,
    )} and ${queue} can give at most ${
      facts.most
    }. Ask for fewer, or for more quota.`;
  } else if (short <= 0) {
    startsWhen = `${freeNow} free covers it and what is ahead of it; it should start on the scheduler's next pass unless something else holds it (${
      first.message ?? 'no reason given'
    }).`;
  } else {
    startsWhen = `It starts once ${short} more ${
      short === 1 ? `${units.replace(/s$/, '')} is` : `${units} are`
    } free in ${queue}: as ${noun}s already running finish or are released${
      releaseWords ? `, or when ${releaseWords}` : ''
    }. Releasing grants you no longer need or asking for fewer GPUs brings it closer.`;
  }
  return {
    ...base,
    state: 'waiting',
    position: first.position,
    ahead: first.ahead,
    aheadGpus: first.aheadGpus,
    waitingGpus,
    summary,
    startsWhen,
  };
}
