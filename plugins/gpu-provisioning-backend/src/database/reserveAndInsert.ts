import { Knex } from 'knex';
import {
  QuotaReservation,
  quotaReservationStatement,
  rowsOf,
} from './quotaReservation';
import { REQUESTS, RequestRow } from './requestRows';

/**
 * On PostgreSQL, reserves a request's quota and inserts its row in one
 * statement: the row is written only when the reservation's conditions hold
 * (see `quotaReservationStatement`), and a failed insert (a repeated
 * idempotency key) undoes the reservation with it.
 *
 * Why one statement: the ledger row stays locked from the reservation to the
 * commit. As a transaction of three round trips, that lock spans the event
 * loop's turns between them, which under a burst of requests for one team
 * are milliseconds each; every other grant of the team waits for it while
 * holding a pooled connection that refusals then wait for. In one statement
 * the lock lasts as long as the server's work.
 *
 * @returns the inserted row, or undefined when nothing was reserved.
 */
export async function reserveAndInsert(
  db: Knex,
  reservation: QuotaReservation,
  row: Partial<RequestRow>,
): Promise<RequestRow | undefined> {
  const statement = quotaReservationStatement(db, reservation);
  if (!statement) return undefined;
  const columns = Object.keys(row);
  const names = columns.map(() => '??').join(', ');
  // The row's values as JSON, typed by the table's own row type.
  const result = await db.raw(
    `WITH reserved AS (${statement.sql})
     INSERT INTO ?? (${names})
     SELECT ${names} FROM json_populate_record(NULL::??, ?::json)
     WHERE EXISTS (SELECT 1 FROM reserved)
     RETURNING *`,
    [
      ...statement.bindings,
      REQUESTS,
      ...columns,
      ...columns,
      REQUESTS,
      JSON.stringify(row),
    ],
  );
  return rowsOf<RequestRow>(result)[0];
}
