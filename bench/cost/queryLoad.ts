import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { openCostStores } from '../../plugins/cost-backend/src/database/openCostStores';
import { createCostServices } from '../../plugins/cost-backend/src/service/createCostServices';
import { benchHierarchy } from './benchHierarchy';
import { measureDrillDown } from './drillDown';
import { closeEngine, Engine, openEngine } from './engines';
import { concurrently } from './latencies';
import { loadLineItems } from './lineItems';
import { READERS } from './settings';
import { silentAuditor, silentLogger } from './silentServices';

/**
 * Over LINE_ITEMS generated line items on `engine`: the group cost query and
 * an entity's cost card under load, and the drill-down.
 */
export async function measureQuery(engine: Engine, dir: string) {
  const knex = await openEngine(engine, dir);
  try {
    const stores = await openCostStores({
      database: mockServices.database({ knex }),
    });
    const loadSeconds = await loadLineItems(knex, engine);
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);

    const costs = createCostServices({
      stores,
      organisation: benchHierarchy(),
      permissions: mockServices.permissions(),
      auditor: silentAuditor,
      auth: mockServices.auth(),
      logger: silentLogger,
      currency: 'USD',
    });
    const ctx = { credentials: mockCredentials.user() };
    let total = 0;
    const groupQuery = await concurrently(async () => {
      const report = await costs.reports.costs(
        {
          entityRef: 'group:default/org',
          from: '2025-01-01',
          to: '2025-12-31',
          granularity: 'month',
          splitBy: 'childTeam',
          metric: 'billed',
        },
        ctx,
      );
      total = report.total;
    });
    let cardRows = 0;
    const costCard = await concurrently(async () => {
      const report = await costs.reports.costs(
        {
          entityRef: 'component:default/c-7',
          from: '2025-10-01',
          to: '2025-12-31',
          granularity: 'day',
          splitBy: 'service',
          metric: 'billed',
        },
        ctx,
      );
      cardRows = report.series.length;
    });
    const drillDown = await measureDrillDown(costs, ctx);
    return {
      drillDown,
      lineItems: await count('cost_line_items'),
      dailyRollupRows: await count('cost_daily'),
      teamMonthlyRows: await count('cost_team_monthly'),
      loadSeconds: Number(loadSeconds.toFixed(1)),
      total: Math.round(total),
      readers: READERS,
      groupQuery,
      costCard: { ...costCard, series: cardRows },
    };
  } finally {
    await closeEngine(engine, knex);
  }
}
