import { SharingQueue } from './queueTree';

/** A running pod as over-quota sharing counts it: its queue and GPUs of one resource. */
export interface PlacedPod {
  uid: string;
  namespace: string;
  name: string;
  queue: string;
  gpus: number;
  priority: number;
  /** Creation timestamp, RFC 3339. */
  created: string;
}

/** What a pending pod asks of the queues. */
export interface Ask {
  queue: string;
  gpus: number;
}

/**
 * Over-quota sharing of KAI Scheduler's and Volcano's hierarchical queues,
 * for one GPU resource, as the cluster simulator models it.
 *
 * Documented behaviour modelled:
 * - KAI Scheduler (docs/queues, "Queue parameters" and docs/fairness): a
 *   queue is guaranteed its `quota`; it may use more ("over-quota") while
 *   resources are idle, never above its `limit` nor its parent's; the
 *   reclaim action evicts pods of queues above their fair share so that a
 *   queue below its deserved quota can run its pending jobs.
 * - Volcano (docs "Queue" and the `reclaim` action; hierarchical queues
 *   with `spec.parent`): a queue may use resources above `deserved` up to
 *   its `capability`; `reclaim` takes back from queues that use more than
 *   `deserved` for a queue below its own, but never from a queue with
 *   `reclaimable: false`.
 *
 * Both: a queue's use counts toward every queue above it. Victims are taken
 * lowest priority first, then newest first, and only while their queue
 * stays over its quota before the eviction; queues the reclaimer shares
 * with the victim (common ancestors) do not count on either side.
 * Not modelled: fair-share division of the idle surplus by
 * `overQuotaWeight`/`weight`, min-runtime protections, gang groups larger
 * than one pod.
 */
export class OverQuota {
  private readonly queues: Map<string, SharingQueue>;
  private readonly used = new Map<string, number>();

  constructor(queues: SharingQueue[], private readonly placed: PlacedPod[]) {
    this.queues = new Map(queues.map(q => [q.name, q]));
    for (const pod of placed) this.add(pod.queue, pod.gpus);
  }

  /** The queue and its ancestors, nearest first (a cycle ends the walk). */
  chain(queue: string): SharingQueue[] {
    const result: SharingQueue[] = [];
    const seen = new Set<string>();
    for (let q = this.queues.get(queue); q && !seen.has(q.name); ) {
      seen.add(q.name);
      result.push(q);
      q = q.parent ? this.queues.get(q.parent) : undefined;
    }
    return result;
  }

  /** GPUs the queue's pods and its descendants' run. */
  usedBy(queue: string): number {
    return this.used.get(queue) ?? 0;
  }

  /** Counts a pod bound since the model was built. */
  place(pod: PlacedPod): void {
    this.placed.push(pod);
    this.add(pod.queue, pod.gpus);
  }

  private add(queue: string, gpus: number) {
    for (const q of this.chain(queue)) {
      this.used.set(q.name, this.usedBy(q.name) + gpus);
    }
  }

  /** The queue (the pod's or an ancestor) whose limit the ask would pass; undefined when it fits. */
  limitBlocker(ask: Ask): SharingQueue | undefined {
    return this.chain(ask.queue).find(
      q => q.limit !== undefined && this.usedBy(q.name) + ask.gpus > q.limit,
    );
  }

  /** Whether the queue runs more than its quota. */
  isOverQuota(queue: string): boolean {
    const q = this.queues.get(queue);
    return q?.quota !== undefined && this.usedBy(queue) > q.quota;
  }

  /**
   * The pods to evict so the ask fits (queue limits here, nodes by `fits`),
   * or undefined when reclaiming cannot make it fit; the evictions are
   * counted in this model when found.
   */
  reclaimFor(
    ask: Ask,
    fits: (evicted: PlacedPod[]) => boolean,
  ): PlacedPod[] | undefined {
    const mine = this.chain(ask.queue);
    const myNames = new Set(mine.map(q => q.name));
    const candidates = this.placed
      .filter(p => p.gpus > 0 && !myNames.has(p.queue))
      .sort(
        (a, b) =>
          a.priority - b.priority ||
          b.created.localeCompare(a.created) ||
          b.name.localeCompare(a.name),
      );
    const evicted: PlacedPod[] = [];
    for (const victim of candidates) {
      const theirChain = this.chain(victim.queue);
      const theirNames = new Set(theirChain.map(q => q.name));
      const theirs = theirChain.filter(q => !myNames.has(q.name));
      // Volcano never reclaims from a queue with `reclaimable: false`.
      const reclaimable =
        theirs.every(q => q.reclaimable) &&
        theirs.some(q => this.isOverQuota(q.name));
      // Only a queue below its deserved share reclaims: every quota of the
      // reclaimer's queues below the common ancestor holds with the ask.
      const mineBelow = mine.filter(q => !theirNames.has(q.name));
      const deserving =
        mineBelow.some(q => q.quota !== undefined) &&
        mineBelow.every(
          q =>
            q.quota === undefined || this.usedBy(q.name) + ask.gpus <= q.quota,
        );
      if (!reclaimable || !deserving) continue;
      this.add(victim.queue, -victim.gpus);
      evicted.push(victim);
      if (!this.limitBlocker(ask) && fits(evicted)) {
        const gone = new Set(evicted.map(p => p.uid));
        this.placed.splice(
          0,
          this.placed.length,
          ...this.placed.filter(p => !gone.has(p.uid)),
        );
        return evicted;
      }
    }
    for (const victim of evicted) this.add(victim.queue, victim.gpus);
    return undefined;
  }
}
