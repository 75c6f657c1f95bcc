/* eslint-disable no-console */
import { Knex } from 'knex';
import {
  monthsBetween,
  rebuildTeamMonths,
} from '../../plugins/cost-backend/src/database/rebuildTeamMonths';
import { Engine } from './engines';
import { LINE_ITEMS, TEAMS } from './settings';

const LINE_ITEM_COLUMNS =
  'ingest_run_id, provider, billing_account_id, billing_period, day, sub_account_id, service_name, charge_category, currency, billed_cost_nanos, effective_cost_nanos, entity_ref, team';

/** `n` generated line items over 2025: PostgreSQL. */
const LINE_ITEM_SQL_PG = (n: number) => `
  INSERT INTO cost_line_items (${LINE_ITEM_COLUMNS})
  SELECT 'bench', (ARRAY['AWS','Microsoft','Google Cloud'])[e % 3 + 1], 'acct-' || (e % 3),
         to_char(date_trunc('month', d), 'YYYY-MM-DD'), to_char(d, 'YYYY-MM-DD'), 'sub-' || (e % ${TEAMS}),
         'service-' || ((e * 3 + s) % 20), 'Usage', 'USD', c, c, 'component:default/c-' || e, 'group:default/team-' || (e % ${TEAMS})
  FROM (SELECT date '2025-01-01' + (i % 365) AS d, floor(random() * ${
    TEAMS * 5
  })::int AS e,
               floor(random() * 3)::int AS s, floor(random() * 1e10)::bigint AS c
        FROM generate_series(1, ${n}) AS i) g`;

/**
 * The same on SQLite: a recursive series (no generate_series built in) that
 * draws the random values, so each is drawn once per row (a subquery's
 * random() would be drawn again for every column that reads it).
 */
const LINE_ITEM_SQL_SQLITE = (n: number) => `
  INSERT INTO cost_line_items (${LINE_ITEM_COLUMNS})
  WITH RECURSIVE g(i, e, s, c) AS (
    SELECT 0, abs(random()) % ${
      TEAMS * 5
    }, abs(random()) % 3, abs(random()) % 10000000000
    UNION ALL
    SELECT i + 1, abs(random()) % ${
      TEAMS * 5
    }, abs(random()) % 3, abs(random()) % 10000000000 FROM g WHERE i < ${n - 1})
  SELECT 'bench', CASE e % 3 WHEN 0 THEN 'AWS' WHEN 1 THEN 'Microsoft' ELSE 'Google Cloud' END, 'acct-' || (e % 3),
         substr(d, 1, 7) || '-01', d, 'sub-' || (e % ${TEAMS}),
         'service-' || ((e * 3 + s) % 20), 'Usage', 'USD', c, c, 'component:default/c-' || e, 'group:default/team-' || (e % ${TEAMS})
  FROM (SELECT date('2025-01-01', '+' || (i % 365) || ' days') AS d, e, s, c FROM g)`;

const ROLLUP_SQL = `
  INSERT INTO cost_daily (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost_nanos, effective_cost_nanos, line_items)
  SELECT 'billing', provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, SUM(billed_cost_nanos), SUM(effective_cost_nanos), COUNT(*)
  FROM cost_line_items GROUP BY provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency`;

/**
 * Generates LINE_ITEMS line items in SQL (a million at a time) and builds
 * the roll-ups the ingest keeps; the seconds it took.
 */
export async function loadLineItems(knex: Knex, engine: Engine) {
  const started = performance.now();
  const chunk = 1_000_000;
  for (let done = 0; done < LINE_ITEMS; done += chunk) {
    const n = Math.min(chunk, LINE_ITEMS - done);
    await knex.raw(
      engine === 'postgresql' ? LINE_ITEM_SQL_PG(n) : LINE_ITEM_SQL_SQLITE(n),
    );
    console.error(`${engine} line items: ${done + n}`);
  }
  // The roll-ups the ingest keeps, by the store's own statements.
  await knex.raw(ROLLUP_SQL);
  await knex.transaction(trx =>
    rebuildTeamMonths(trx, monthsBetween('2025-01-01', '2025-12-31')),
  );
  await knex.raw('ANALYZE');
  return (performance.now() - started) / 1000;
}
