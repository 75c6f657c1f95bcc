/**
 * Faults for reliability tests, switched on and off from the test's handle:
 * added latency, failing requests by verb and resource, dropped connections,
 * and an API that is down altogether.
 */

/** The verbs of Kubernetes authorization, as a request maps to them. */
export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

/** Which requests a rule applies to; unset fields match everything. */
export interface FaultMatch {
  verb?: Verb | Verb[];
  /** Resource plural, e.g. `resourcequotas`. */
  resource?: string;
  namespace?: string;
}

/** A fault to inject into matching requests. */
export type FaultRule = FaultMatch & {
  /** Fraction of matching requests affected, 0..1 (default 1), from a seeded generator. */
  probability?: number;
  /** Let this many matching requests through before faulting (default 0). */
  after?: number;
  /** Fault this many matching requests, then stop (default: unlimited). */
  times?: number;
} & (
    | { type: 'error'; status?: 500 | 502 | 503 | 504 | 429; message?: string }
    | { type: 'latency'; ms: number }
    | { type: 'drop' }
  );

/** What to do to one request. */
export interface FaultDecision {
  delayMs: number;
  error?: { status: number; message: string };
  drop: boolean;
}

interface ActiveRule {
  id: number;
  rule: FaultRule;
  seen: number;
  fired: number;
}

/** Mulberry32: small, seeded, good enough to make probabilities repeatable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault handle a test holds. */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private isDown = false;
  private readonly next: () => number;
  /** Requests that met a fault, by rule id, for tests to assert on. */
  readonly hits = new Map<number, number>();

  constructor(seed = 1) {
    this.next = random(seed);
  }

  /** Adds a rule; returns its id for {@link FaultInjector.remove}. */
  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.rules.push({ id, rule, seen: 0, fired: 0 });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter(r => r.id !== id);
  }

  /** Removes every rule and brings the API back up. */
  clear(): void {
    this.rules = [];
    this.isDown = false;
  }

  /** Takes the whole API down (connections are reset) or brings it back. */
  setDown(down: boolean): void {
    this.isDown = down;
  }

  get down(): boolean {
    return this.isDown;
  }

  /** Decides the faults for a request. */
  decide(request: {
    verb: Verb;
    resource?: string;
    namespace?: string;
  }): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, drop: false };
    for (const active of this.rules) {
      const { rule } = active;
      const verbs =
        rule.verb === undefined ? undefined : ([] as Verb[]).concat(rule.verb);
      if (verbs && !verbs.includes(request.verb)) continue;
      if (rule.resource && rule.resource !== request.resource) continue;
      if (rule.namespace && rule.namespace !== request.namespace) continue;
      active.seen++;
      if (active.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      if (rule.probability !== undefined && this.next() >= rule.probability)
        continue;
      active.fired++;
      this.hits.set(active.id, (this.hits.get(active.id) ?? 0) + 1);
      if (rule.type === 'latency') decision.delayMs += rule.ms;
      if (rule.type === 'drop') decision.drop = true;
      if (rule.type === 'error' && !decision.error) {
        decision.error = {
          status: rule.status ?? 500,
          message: rule.message ?? 'injected fault',
        };
      }
    }
    return decision;
  }
}
