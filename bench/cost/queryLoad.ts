import { measureDrillDown, DrillDownQuery } from './drillDown';
import { closeEngine, Engine, openEngine } from './engines';
import { inChild } from './childProcess';
import { concurrentlyFromReaders, latencies, withCpu } from './latencies';
import { loadLineItems } from './lineItems';
import { startRouterBackend } from './routerBackend';
import { QUERY_RUNS, READERS } from './settings';
import { mockServices } from '@backstage/backend-test-utils';
import { openCostStores } from '../../plugins/cost-backend/src/database/openCostStores';
import { benchHierarchy } from './benchHierarchy';

const queryString = (q: DrillDownQuery) =>
  new URLSearchParams(
    Object.entries(q).map(([k, v]) => [k, String(v)]),
  ).toString();

/**
 * Over LINE_ITEMS generated line items on `engine`: the group cost query and
 * an entity's cost card under load, and the drill-down, each as a user's
 * request: over HTTP through the cost plugin's router, authorised by the
 * real permission backend with the portal's policy against a catalog of the
 * bench's organisation.
 */
export async function measureQuery(engine: Engine, dir: string) {
  const knex = await openEngine(engine, dir);
  // The plugin's migrations run as the backend starts.
  const backend = await startRouterBackend(knex);
  try {
    const loadSeconds = await loadLineItems(knex, engine);
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);

    // The readers run in a process of their own, as users' browsers would.
    const fromReaders = (path: string) =>
      concurrentlyFromReaders(
        readers =>
          inChild('readers', engine, {
            COST_BENCH_URL: backend.url(path),
            COST_BENCH_AUTHORIZATION: backend.authorization,
            COST_BENCH_READERS: String(readers),
          }) as Promise<{ p50Ms: number; p95Ms: number }>,
      );
    const groupPath =
      '/costs?entityRef=group:default/org&from=2025-01-01&to=2025-12-31&granularity=month&splitBy=childTeam&metric=billed';
    const cardPath =
      '/costs?entityRef=component:default/c-7&from=2025-10-01&to=2025-12-31&granularity=day&splitBy=service&metric=billed';
    const { total } = await backend.get(groupPath);
    const cardRows = (await backend.get(cardPath)).series.length;
    const groupQuery = await fromReaders(groupPath);
    const costCard = await fromReaders(cardPath);
    // The same path with no store read: the readable groups (permission
    // decision, cached group tree). What every answer costs before the store.
    const groupList = await fromReaders('/groups');
    const store = await storeShare(knex);
    const drillDown = await measureDrillDown({
      page: q => backend.get(`/line-items?${queryString(q)}`),
      exportRows: async q => {
        const csv: string = await backend.get(
          `/line-items/export.csv?${queryString(q)}`,
        );
        return csv.split('\r\n').filter(line => line.length > 0).length - 1;
      },
    });
    return {
      path: 'HTTP through the router, the portal policy asked in process, readers in their own process',
      drillDown,
      lineItems: await count('cost_line_items'),
      dailyRollupRows: await count('cost_daily'),
      teamDailyRows: await count('cost_team_daily'),
      teamMonthlyRows: await count('cost_team_monthly'),
      loadSeconds: Number(loadSeconds.toFixed(1)),
      total: Math.round(total),
      readers: READERS,
      groupQuery,
      costCard: { ...costCard, series: cardRows },
      groupList,
      store,
    };
  } finally {
    await backend.stop();
    await closeEngine(engine, knex);
  }
}

/**
 * The database's share of each answer: the store reads the report makes
 * (the period's and the previous period's), alone, with the rows they
 * read and this process's CPU per call (all of it on SQLite, the client's
 * on PostgreSQL). Set against the answers' CPU per call it shows what the
 * HTTP, permission and report layers add.
 */
async function storeShare(knex: Parameters<typeof loadLineItems>[0]) {
  const { daily } = await openCostStores({
    database: mockServices.database({ knex }),
  });
  const teams = await benchHierarchy().descendants('group:default/org');
  const card = { entityRef: 'component:default/c-7' };
  const rows = async (filter: {}, groupBy?: 'service_name' | 'team') => {
    const grain = groupBy === 'service_name' ? 'day' : 'month';
    const q = { metric: 'billed', grain, groupBy } as const;
    return (await daily.queryDaily({ ...q, filter: filter as any })).length;
  };
  const group = async () =>
    (await rows({ teams, from: '2025-01-01', to: '2025-12-31' }, 'team')) +
    (await rows({ teams, from: '2024-01-01', to: '2024-12-31' }));
  const cardReads = async () =>
    (await rows(
      { ...card, from: '2025-10-01', to: '2025-12-31' },
      'service_name',
    )) + (await rows({ ...card, from: '2025-07-01', to: '2025-09-30' }));
  const measure = async (read: () => Promise<number>) => ({
    rows: await read(),
    ...(await withCpu(QUERY_RUNS + 2, () => latencies(read, 1))),
  });
  return {
    groupQuery: await measure(group),
    costCard: await measure(cardReads),
  };
}
