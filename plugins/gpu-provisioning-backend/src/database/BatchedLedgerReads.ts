import { Knex } from 'knex';
import { Ledger, ledgerKeyOf, ledgerOf } from './quotaReservation';
import { LEDGER } from './requestRows';

/** Reads a team's ledger row of a quota key outside a transaction. */
export type LedgerReader = (team: string, quotaKey: string) => Promise<Ledger>;

interface Waiter {
  resolve(ledger: Ledger): void;
  reject(error: unknown): void;
}

interface Batch {
  keys: Map<string, { team: string; quotaKey: string; waiters: Waiter[] }>;
}

/** Distinct rows one statement reads at most (two bound values each). */
const MAX_KEYS = 200;

/**
 * Ledger reads outside transactions, batched: the reads asked for during one
 * turn of the event loop go to the database as one statement when the turn
 * ends (`setImmediate`). The statement starts after every read in it was
 * asked for, so each caller sees the ledger as of a moment after its request
 * arrived, as a read of its own would have.
 *
 * Why: a request's first step reads its team's ledger row (most answers
 * under a binding quota are refusals, one read each). When 200 requests
 * arrive at once, 200 reads and, after the conditional reservations, up to
 * 200 more went to the database one statement each; on PostgreSQL each is a
 * socket write and a round trip, a large part of the burst's CPU (issue 16).
 * Batched, they are a handful of statements.
 */
export class BatchedLedgerReads {
  private batch?: Batch;

  constructor(private readonly db: Knex) {}

  /** The ledger row of a team's quota key (zeros when it has none). */
  read: LedgerReader = (team, quotaKey) =>
    new Promise<Ledger>((resolve, reject) => {
      const batch = this.openBatch();
      const key = ledgerKeyOf(team, quotaKey);
      let entry = batch.keys.get(key);
      if (!entry) {
        entry = { team, quotaKey, waiters: [] };
        batch.keys.set(key, entry);
      }
      entry.waiters.push({ resolve, reject });
      if (batch.keys.size >= MAX_KEYS) this.flush(batch);
    });

  private openBatch(): Batch {
    if (this.batch) return this.batch;
    const batch: Batch = { keys: new Map() };
    this.batch = batch;
    setImmediate(() => this.flush(batch));
    return batch;
  }

  private flush(batch: Batch): void {
    // A batch is sent once: by its timer, or early when it is full.
    if (this.batch !== batch) return;
    this.batch = undefined;
    const entries = [...batch.keys.values()];
    this.db(LEDGER)
      .whereIn(
        ['team', 'quota_key'],
        entries.map(e => [e.team, e.quotaKey]),
      )
      .select('team', 'quota_key', 'reserved', 'scheduled')
      .then(
        rows => {
          const byKey = new Map(
            rows.map(row => [ledgerKeyOf(row.team, row.quota_key), row]),
          );
          for (const entry of entries) {
            const ledger = ledgerOf(
              byKey.get(ledgerKeyOf(entry.team, entry.quotaKey)),
            );
            entry.waiters.forEach(w => w.resolve(ledger));
          }
        },
        error => {
          for (const entry of entries) {
            entry.waiters.forEach(w => w.reject(error));
          }
        },
      );
  }
}
