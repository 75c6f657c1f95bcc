import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { retryDelayMs } from '../lifecycle/retryBackoff';
import { GrantClaim } from '../types';
import { REQUESTS, RequestRow, timestamp, toRequest } from './requestRows';

/*
 * The attempts at applying a grant: claims renewed while a replica applies,
 * claims that ran out, and failed attempts with the time the next is due.
 */

/** A claim from before claims were recorded counts as abandoned after this. */
const UNRECORDED_CLAIM_MS = 10 * 60_000;

/** Extends a claim its owner still holds; false when it was lost. */
export async function renewClaim(
  db: Knex,
  id: string,
  claim: GrantClaim,
): Promise<boolean> {
  const updated = await db(REQUESTS)
    .where({ id, status: 'provisioning', claimed_by: claim.owner })
    .update({ claim_expires_at: timestamp(claim.until) });
  return updated === 1;
}

/** `provisioning` requests whose claim ran out by `now`, oldest first. */
export async function listAbandoned(
  db: Knex,
  now: Date,
): Promise<GpuRequest[]> {
  const rows = await db<RequestRow>(REQUESTS)
    .where({ status: 'provisioning' })
    .where(builder =>
      builder
        .where('claim_expires_at', '<=', timestamp(now))
        .orWhere(unrecorded =>
          unrecorded
            .whereNull('claim_expires_at')
            .where(
              'updated_at',
              '<=',
              timestamp(new Date(now.getTime() - UNRECORDED_CLAIM_MS)),
            ),
        ),
    )
    .orderBy('created_at', 'asc');
  return rows.map(toRequest);
}

/** Counts a failed attempt and sets when the next is due; returns the count. */
export function recordFailedAttempt(
  db: Knex,
  options: { id: string; error: string; now: Date },
): Promise<number> {
  const { id, error, now } = options;
  return db.transaction(async tx => {
    const query = tx<RequestRow>(REQUESTS).where({ id });
    const row: RequestRow | undefined = await (db.client.config.client === 'pg'
      ? query.forUpdate()
      : query
    ).first();
    if (!row) {
      throw new NotFoundError(`No GPU request with id ${id}`);
    }
    const attempts = Number(row.attempts) + 1;
    await tx(REQUESTS)
      .where({ id })
      .update({
        attempts,
        last_error: error,
        next_attempt_at: timestamp(
          new Date(now.getTime() + retryDelayMs(attempts)),
        ),
        updated_at: timestamp(now),
      });
    return attempts;
  });
}
