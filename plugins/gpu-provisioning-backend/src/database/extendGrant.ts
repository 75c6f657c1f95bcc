import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { QUOTA_HOLDING_STATUSES } from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';
import { estimateCostCents } from '../service/estimateCost';
import { readCapacityBookings } from './capacityBookings';
import {
  heldIntervals,
  isPostgres,
  lockClusterClass,
  lockLedgerRow,
} from './intervalLedger';
import { firstInstantOver } from './intervalPeak';
import { REQUESTS, RequestRow, timestamp } from './requestRows';

const HOUR_MS = 3_600_000;

/** What {@link extendGrant} needs. */
export interface ExtendGrantOptions {
  id: string;
  additionalHours: number;
  maxDurationHours: number;
  hourlyRate: number;
  quotaLimit: number;
  /**
   * The cluster's GPUs (or MIG instances) of the class: while the class is
   * booked on the cluster, the added hours must fit it beside the bookings.
   */
  capacity?: number;
  now: Date;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Refuses the added hours `[start, end)` when, at some instant, the GPUs
 * held by others (`others`) and the grant's `count` pass `limit`; the
 * refusal names that instant and the reservations holding the GPUs then.
 */
function refuseOverlap(options: {
  row: RequestRow;
  whose: string;
  others: Parameters<typeof firstInstantOver>[0];
  start: number;
  end: number;
  limit: number;
}): ConflictError | undefined {
  const { row, whose, others, start, end, limit } = options;
  const count = Number(row.gpu_count);
  const over = firstInstantOver(others, start, end, limit - count);
  if (!over) return undefined;
  // Reservations have a start; grants that began at once do not.
  const reservations = over.held.filter(i => Number.isFinite(i.start)).length;
  const held = over.held.reduce((sum, i) => sum + i.count, 0);
  return new ConflictError(
    `GPU request ${row.id} cannot be extended to ${new Date(
      end,
    ).toISOString()}: ${whose} is booked from ${new Date(
      over.at,
    ).toISOString()} by ${plural(
      reservations,
      'reservation',
    )} (${held} of ${limit} held then by others, the grant needs ${count})`,
  );
}

/**
 * Checks the hours an extension adds, `[expires_at, expires_at + added)`,
 * against the reservations that start in them: the team's quota when the
 * team has reservations of the key, and the cluster's capacity of the class
 * when any team has booked it there. Takes the locks bookings take, in
 * their order (the team's ledger row, then the cluster's class), so a
 * booking or another extension decided meanwhile is counted.
 */
async function assertExtensionFits(
  tx: Knex.Transaction,
  row: RequestRow,
  options: ExtendGrantOptions,
): Promise<void> {
  const ledger = await lockLedgerRow(tx, row.team, row.quota_key);
  let booked = 0;
  if (options.capacity !== undefined) {
    await lockClusterClass(tx, row.cluster, row.quota_key);
    booked = await readCapacityBookings(tx, row.cluster, row.quota_key);
  }
  if (ledger.scheduled === 0 && booked === 0) return;
  const start = new Date(row.expires_at!).getTime();
  const end = start + options.additionalHours * HOUR_MS;
  const window = { quotaKey: row.quota_key, from: start, to: end };
  if (ledger.scheduled > 0) {
    const refusal = refuseOverlap({
      row,
      whose: `team ${row.team}'s ${row.quota_key} quota`,
      others: await heldIntervals(tx, { ...window, team: row.team }),
      start,
      end,
      limit: options.quotaLimit,
    });
    if (refusal) throw refusal;
  }
  if (booked > 0) {
    const refusal = refuseOverlap({
      row,
      whose: `cluster ${row.cluster}'s ${row.quota_key} capacity`,
      others: await heldIntervals(tx, { ...window, cluster: row.cluster }),
      start,
      end,
      limit: options.capacity!,
    });
    if (refusal) throw refusal;
  }
}

/**
 * Lengthens a quota-holding request by `additionalHours` in one
 * transaction: up to `maxDurationHours`, with its expiry once it has one
 * (checked against future reservations, {@link assertExtensionFits}), its
 * cost re-estimated and its expiry warning cleared. The request's own
 * interval ends where the added hours begin, so it is not counted twice.
 */
export async function extendGrant(
  db: Knex,
  options: ExtendGrantOptions,
): Promise<void> {
  const { id, additionalHours, maxDurationHours, hourlyRate } = options;
  await db.transaction(async tx => {
    const query = tx<RequestRow>(REQUESTS).where({ id });
    const row: RequestRow | undefined = await (isPostgres(tx)
      ? query.forUpdate()
      : query
    ).first();
    if (!row) {
      throw new NotFoundError(`No GPU request with id ${id}`);
    }
    if (!(QUOTA_HOLDING_STATUSES as readonly string[]).includes(row.status)) {
      throw new ConflictError(
        `GPU request ${id} is ${row.status} and can no longer be extended`,
      );
    }
    const durationHours = Number(row.duration_hours) + additionalHours;
    if (durationHours > maxDurationHours) {
      throw new InputError(
        `additionalHours: extending by ${additionalHours} hours would make the grant ${durationHours} hours long, over the maximum of ${maxDurationHours} hours (${
          maxDurationHours - Number(row.duration_hours)
        } hours left)`,
      );
    }
    if (row.expires_at) {
      await assertExtensionFits(tx, row, options);
    }
    const count = Number(row.gpu_count);
    const expiresAt = row.expires_at
      ? timestamp(
          new Date(
            new Date(row.expires_at).getTime() + additionalHours * HOUR_MS,
          ),
        )
      : null;
    await tx(REQUESTS)
      .where({ id })
      .update({
        duration_hours: durationHours,
        gpu_hours: count * durationHours,
        estimated_cost_cents: estimateCostCents({
          count,
          hours: durationHours,
          hourlyRate,
        }),
        expires_at: expiresAt,
        expiry_warned_at: null,
        updated_at: timestamp(options.now),
      });
  });
}
