import { ledgerKeyOf } from './quotaReservation';

interface Attempt {
  /** GPUs (or MIG instances) the attempt asks for. */
  count: number;
  settled: Promise<unknown>;
}

/**
 * The quota reservations this process is attempting right now, per team and
 * quota key: GPUs a request has seen room for in the ledger and is trying to
 * reserve, not yet committed or given up.
 *
 * Why: when 200 requests for one team's class arrive together, their
 * batched read of the ledger shows the same room to all of them. Each then
 * sent a conditional reservation, and all but the room's worth lost; each
 * loser read the ledger again to refuse with what was left (issue 16: about
 * 350 of a burst's statements could not succeed). A request that sees the
 * room already claimed by attempts in flight here waits for them to settle
 * and reads again instead. It is never refused on this count: only a read of
 * the ledger refuses, and the conditional statement still decides every
 * reservation, so other replicas and this process's own timing cannot
 * overdraw a quota.
 */
export class ReservationsInFlight {
  private readonly attempts = new Map<string, Set<Attempt>>();

  /** GPUs being reserved by this process's attempts in flight for the key. */
  claimed(team: string, quotaKey: string): number {
    let count = 0;
    for (const a of this.attempts.get(ledgerKeyOf(team, quotaKey)) ?? []) {
      count += a.count;
    }
    return count;
  }

  /**
   * Counts an attempt to reserve `count` in flight until `attempt` settles,
   * and returns its outcome.
   */
  hold<T>(
    team: string,
    quotaKey: string,
    count: number,
    attempt: () => Promise<T>,
  ): Promise<T> {
    const key = ledgerKeyOf(team, quotaKey);
    let inFlight = this.attempts.get(key);
    if (!inFlight) {
      inFlight = new Set();
      this.attempts.set(key, inFlight);
    }
    const outcome = attempt();
    const entry: Attempt = { count, settled: outcome };
    inFlight.add(entry);
    const done = () => {
      inFlight.delete(entry);
      if (inFlight.size === 0 && this.attempts.get(key) === inFlight) {
        this.attempts.delete(key);
      }
    };
    outcome.then(done, done);
    return outcome;
  }

  /**
   * Resolves when every attempt in flight for the key now has settled (at
   * once when there is none): their GPUs are then in the ledger or free.
   */
  async settled(team: string, quotaKey: string): Promise<void> {
    const inFlight = this.attempts.get(ledgerKeyOf(team, quotaKey));
    if (!inFlight) return;
    await Promise.allSettled([...inFlight].map(a => a.settled));
  }
}
