import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import {
  checkInterval,
  IntervalRefusal,
  isPostgres,
  lockClusterClass,
  lockLedgerRow,
} from './intervalLedger';
import {
  countCapacityBooking,
  ensureCapacityRow,
  readCapacityBookings,
} from './capacityBookings';
import { LedgerReader } from './BatchedLedgerReads';
import { Ledger, readLedger, reserveQuota } from './quotaReservation';
import { ReservationsInFlight } from './ReservationsInFlight';
import { reserveAndInsert } from './reserveAndInsert';
import {
  LEDGER,
  newRequestRow,
  REQUESTS,
  RequestRow,
  timestamp,
  toRequest,
} from './requestRows';
import { NewGpuRequest } from './types';

const HOUR_MS = 3_600_000;
/** Times a request waits for this process's attempts in flight, then tries anyway. */
const MAX_WAITS = 3;

function describeQuota(quotaKey: string): string {
  return quotaKey.includes('/') ? 'MIG instances' : 'GPUs';
}

interface RecordOptions {
  request: NewGpuRequest;
  quotaLimit: number;
  /**
   * The cluster's GPUs of the class: a reservation must fit it, and so must
   * an immediate request while the class is booked on the cluster.
   */
  capacity?: number;
  idempotencyKey?: string;
  now: Date;
  /**
   * Reads the team's ledger row before reserving, outside a transaction;
   * default one statement per read (the store batches them).
   */
  readLedger?: LedgerReader;
  /**
   * This process's reservations in flight: a request that sees its room
   * claimed by them waits for their outcome before it tries (the store
   * shares one between its requests).
   */
  inFlight?: ReservationsInFlight;
}

function refuseNow(options: RecordOptions, left: number): ConflictError {
  const { request, quotaLimit } = options;
  const quotaKey = quotaKeyOf(request);
  return new ConflictError(
    `Quota exceeded for ${quotaKey} in ${request.team}: requested ${
      request.count
    }, ${left} of ${quotaLimit} ${describeQuota(quotaKey)} left`,
  );
}

function refuseWindow(
  options: RecordOptions,
  refusal: IntervalRefusal,
  window: { start: number; end: number },
): ConflictError {
  const { request } = options;
  const quotaKey = quotaKeyOf(request);
  const until = Number.isFinite(window.end)
    ? ` to ${new Date(window.end).toISOString()}`
    : ' on';
  const left = Math.max(0, refusal.limit - refusal.peak);
  const where =
    refusal.what === 'quota'
      ? `Quota exceeded for ${quotaKey} in ${request.team}`
      : `Capacity exceeded for ${quotaKey} on ${request.cluster}`;
  return new ConflictError(
    `${where} from ${new Date(window.start).toISOString()}${until}: requested ${
      request.count
    }, ${left} of ${refusal.limit} ${describeQuota(
      quotaKey,
    )} free at the busiest time`,
  );
}

/** The row a request is recorded as (with its end, when that is booked). */
function requestRowOf(options: RecordOptions, expiresAt?: number) {
  return {
    ...newRequestRow({
      id: randomUUID(),
      request: options.request,
      quotaKey: quotaKeyOf(options.request),
      idempotencyKey: options.idempotencyKey,
      now: timestamp(options.now),
    }),
    ...(expiresAt !== undefined
      ? { expires_at: timestamp(new Date(expiresAt)) }
      : {}),
  };
}

async function insertRow(
  tx: Knex.Transaction,
  options: RecordOptions,
  expiresAt?: number,
): Promise<GpuRequest> {
  const [inserted] = await tx<RequestRow>(REQUESTS)
    .insert(requestRowOf(options, expiresAt))
    .returning('*');
  return toRequest(inserted);
}

/**
 * Records a request that starts later: its window `[startAt, startAt +
 * duration)` must fit the team's quota and the cluster's capacity at every
 * instant, with the team's ledger row locked (and the cluster's class) so
 * concurrent bookings are decided one after the other.
 */
async function recordReservation(
  db: Knex,
  options: RecordOptions & { startAt: string },
): Promise<GpuRequest> {
  const { request, quotaLimit, capacity } = options;
  const quotaKey = quotaKeyOf(request);
  const start = Date.parse(options.startAt);
  const end = start + request.durationHours * HOUR_MS;
  await ensureCapacityRow(db, request.cluster, quotaKey);
  return db.transaction(async tx => {
    // First, as an immediate request's one statement locks the cluster's row
    // (shared) before the team's: this waits until such a request is
    // committed, so the check below counts its GPUs, and a later one sees
    // the booking and takes the checked path.
    await countCapacityBooking(tx, {
      cluster: request.cluster,
      quotaKey,
      by: 1,
    });
    await lockLedgerRow(tx, request.team, quotaKey);
    if (capacity !== undefined) {
      await lockClusterClass(tx, request.cluster, quotaKey);
    }
    const refusal = await checkInterval(tx, {
      team: request.team,
      cluster: request.cluster,
      quotaKey,
      start,
      end,
      count: request.count,
      quotaLimit,
      capacity,
    });
    if (refusal) throw refuseWindow(options, refusal, { start, end });
    await tx(LEDGER)
      .where({ team: request.team, quota_key: quotaKey })
      .increment('scheduled', 1);
    return insertRow(tx, options, end);
  });
}

/**
 * Records a request that starts as soon as it is granted. While neither the
 * team nor any team on the cluster has reservations of the key, it keeps
 * one read to refuse and one conditional statement to reserve
 * ({@link reserveQuota}), on PostgreSQL the same statement recording the row
 * too ({@link reserveAndInsert}); otherwise its interval is checked, under
 * the lock bookings take: until its end is known (approved now, it ends
 * `durationHours` from now; waiting for an approver, it may start any time)
 * it must fit beside every overlapping reservation in the team's quota and,
 * while the class is booked on the cluster, in the cluster's capacity.
 * A request that sees its room claimed by this process's attempts in flight
 * ({@link ReservationsInFlight}) waits for their outcome and reads again,
 * rather than send a reservation bound to fail.
 */
async function recordImmediate(
  db: Knex,
  options: RecordOptions,
): Promise<GpuRequest> {
  const { request, quotaLimit, inFlight } = options;
  const { team, count } = request;
  const quotaKey = quotaKeyOf(request);
  const read =
    options.readLedger ?? ((t: string, k: string) => readLedger(db, t, k));
  // Under a quota that binds most answers are refusals: one read, no write
  // transaction. A read without room is a true answer at that instant.
  let ledger = await read(team, quotaKey);
  for (let waits = 0; ; waits++) {
    const left = quotaLimit - ledger.reserved;
    if (left < count) throw refuseNow(options, Math.max(0, left));
    // The room may be claimed already by requests of this process that
    // read the same ledger: their outcome decides whether any is left.
    if (!inFlight || waits === MAX_WAITS) break;
    if (left - inFlight.claimed(team, quotaKey) >= count) break;
    await inFlight.settled(team, quotaKey);
    ledger = await read(team, quotaKey);
  }
  const attempt = () => reserveImmediate(db, options, ledger, read);
  return inFlight ? inFlight.hold(team, quotaKey, count, attempt) : attempt();
}

/**
 * Reserves and records an immediate request that saw room in `ledger`, read
 * just before: the conditional statements decide whether it still fits.
 */
async function reserveImmediate(
  db: Knex,
  options: RecordOptions,
  ledger: Ledger,
  read: LedgerReader,
): Promise<GpuRequest> {
  const { request, quotaLimit, capacity, now } = options;
  const { team, cluster, count } = request;
  const quotaKey = quotaKeyOf(request);
  if (isPostgres(db) && ledger.scheduled === 0) {
    // Without reservations: reserve and record in one statement.
    const row = await reserveAndInsert(
      db,
      {
        team,
        quotaKey,
        count,
        limit: quotaLimit,
        onlyWithoutReservations: true,
        ...(capacity !== undefined ? { cluster } : {}),
      },
      requestRowOf(options),
    );
    if (row) return toRequest(row);
    // Others took the room meanwhile: a fresh read refuses without a lock.
    const latest = await read(team, quotaKey);
    if (quotaLimit - latest.reserved < count) {
      throw refuseNow(options, Math.max(0, quotaLimit - latest.reserved));
    }
  }
  return db.transaction(async tx => {
    const reserve = (onlyWithoutReservations: boolean) =>
      reserveQuota(tx, {
        team,
        quotaKey,
        count,
        limit: quotaLimit,
        onlyWithoutReservations,
        ...(capacity !== undefined ? { cluster } : {}),
      });
    if (ledger.scheduled === 0 && (await reserve(true)) !== undefined) {
      return insertRow(tx, options);
    }
    const locked = await lockLedgerRow(tx, team, quotaKey);
    let booked = 0;
    if (capacity !== undefined) {
      await lockClusterClass(tx, cluster, quotaKey);
      booked = await readCapacityBookings(tx, cluster, quotaKey);
    }
    if (locked.scheduled === 0 && booked === 0) {
      if ((await reserve(false)) !== undefined) return insertRow(tx, options);
      throw refuseNow(options, Math.max(0, quotaLimit - locked.reserved));
    }
    const start = now.getTime();
    const end =
      request.status === 'approved'
        ? start + request.durationHours * HOUR_MS
        : Infinity;
    const refusal = await checkInterval(tx, {
      team,
      cluster,
      quotaKey,
      start,
      end,
      count,
      quotaLimit,
      ...(booked > 0 ? { capacity } : {}),
    });
    if (refusal) throw refuseWindow(options, refusal, { start, end });
    if ((await reserve(false)) === undefined) {
      throw refuseNow(options, Math.max(0, quotaLimit - locked.reserved));
    }
    // Its end is booked, so it cannot run into a later reservation.
    return insertRow(tx, options, Number.isFinite(end) ? end : undefined);
  });
}

/** Records a request and holds its quota: now, or over its reserved window. */
export function recordRequest(
  db: Knex,
  options: RecordOptions,
): Promise<GpuRequest> {
  const { startAt } = options.request;
  return startAt
    ? recordReservation(db, { ...options, startAt })
    : recordImmediate(db, options);
}
