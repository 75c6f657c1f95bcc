import { Readable } from 'node:stream';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { readCostConfig } from '../config/CostConfig';
import { FocusIngester } from '../ingest/FocusIngester';
import { LineItemAllocator } from '../ingest/LineItemAllocator';
import { openCostStores } from './openCostStores';
import { monthsBetween } from './rebuildTeamMonths';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Sums per (team, month, currency) two ways: from the daily roll-up, and as stored monthly. */
async function bothWays(knex: Knex) {
  const fromDaily = await knex('cost_daily')
    .select(
      'team',
      knex.raw("substr(day, 1, 7) || '-01' AS month"),
      'currency',
      knex.raw('CAST(SUM(billed_cost_nanos) AS TEXT) AS billed'),
      knex.raw('CAST(SUM(effective_cost_nanos) AS TEXT) AS effective'),
    )
    .groupByRaw("team, substr(day, 1, 7) || '-01', currency")
    .orderByRaw('1, 2, 3');
  const stored = await knex('cost_team_monthly')
    .select(
      'team',
      'month',
      'currency',
      knex.raw('CAST(billed_cost_nanos AS TEXT) AS billed'),
      knex.raw('CAST(effective_cost_nanos AS TEXT) AS effective'),
    )
    .orderBy(['team', 'month', 'currency']);
  return { fromDaily, stored };
}

const period = (month: string, next: string) => ({
  BillingPeriodStart: `${month}-01T00:00:00Z`,
  BillingPeriodEnd: `${next}-01T00:00:00Z`,
});
const charge = (day: string) => ({
  ChargePeriodStart: `${day}T00:00:00Z`,
  ChargePeriodEnd: `${day}T01:00:00Z`,
});
const team = (name: string) => JSON.stringify({ 'ai-platform.io/team': name });

describe('monthsBetween', () => {
  it('lists the months of a range across a year end', () => {
    expect(monthsBetween('2024-11-30', '2025-02-01')).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    expect(monthsBetween('2024-05-03', '2024-05-09')).toEqual(['2024-05']);
  });
});

describe.each(databases.eachSupportedId())(
  'the monthly team roll-up on %p',
  databaseId => {
    it('follows ingests, re-ingests and GPU days, and answers month queries as the daily roll-up does', async () => {
      const knex = await databases.init(databaseId);
      const stores = await openCostStores({
        database: mockServices.database({ knex }),
      });
      const config = readCostConfig(mockServices.rootConfig({ data: {} }));
      const ingester = FocusIngester.create({
        stores,
        logger: mockServices.logger.mock(),
        allocator: async () =>
          LineItemAllocator.create({
            allocation: config.allocation,
            owners: new Map(),
          }),
        maxErrorRatio: 0,
        maxRecordBytes: 64 * 1024,
      });
      const ingest = async (rows: ReturnType<typeof focusTestRow>[]) => {
        const run = await ingester.ingest({
          source: 'upload',
          fileName: 'f.csv',
          stream: Readable.from([Buffer.from(focusCsv(rows))]),
        });
        expect(run.errors).toEqual([]);
        expect(run.status).toBe('succeeded');
      };

      // September's period charges a day of August and of October too.
      await ingest([
        focusTestRow({
          ...period('2024-09', '2024-10'),
          ...charge('2024-08-31'),
          BilledCost: '1.000000001',
          Tags: team('a'),
        }),
        focusTestRow({
          ...period('2024-09', '2024-10'),
          ...charge('2024-09-15'),
          BilledCost: '2.5',
          Tags: team('b'),
        }),
        focusTestRow({
          ...period('2024-09', '2024-10'),
          ...charge('2024-10-01'),
          BilledCost: '3',
          Tags: team('a'),
        }),
        focusTestRow({
          ...period('2024-08', '2024-09'),
          ...charge('2024-08-10'),
          BilledCost: '0.1',
          Tags: team('a'),
        }),
      ]);
      let both = await bothWays(knex);
      expect(both.stored).toEqual(both.fromDaily);
      expect(both.stored.map(r => [r.team, r.month, r.billed])).toEqual([
        ['group:default/a', '2024-08-01', '1100000001'],
        ['group:default/a', '2024-10-01', '3000000000'],
        ['group:default/b', '2024-09-01', '2500000000'],
      ]);

      // Re-ingesting September drops its August and October days.
      await ingest([
        focusTestRow({
          ...period('2024-09', '2024-10'),
          ...charge('2024-09-02'),
          BilledCost: '7',
          Tags: team('b'),
        }),
      ]);
      both = await bothWays(knex);
      expect(both.stored).toEqual(both.fromDaily);
      expect(both.stored.map(r => [r.team, r.month, r.billed])).toEqual([
        ['group:default/a', '2024-08-01', '100000000'],
        ['group:default/b', '2024-09-01', '7000000000'],
      ]);

      await stores.gpu.replaceGpuDays({
        from: '2024-09-30',
        to: '2024-10-01',
        rows: [
          {
            day: '2024-10-01',
            cluster: 'gpu-prod',
            entityRef: null,
            team: 'group:default/b',
            gpuClass: 'h100',
            grantId: '11111111-1111-4111-8111-111111111111',
            gpuHoursAllocated: 3,
            gpuHoursUsed: 1,
            hourlyRateNanos: 4_100_000_000n,
            allocatedCostNanos: 12_300_000_000n,
            usedCostNanos: 4_100_000_000n,
            currency: 'USD',
          },
        ],
      });
      both = await bothWays(knex);
      expect(both.stored).toEqual(both.fromDaily);
      expect(both.stored.map(r => [r.team, r.month, r.billed])).toEqual([
        ['group:default/a', '2024-08-01', '100000000'],
        ['group:default/b', '2024-09-01', '7000000000'],
        ['group:default/b', '2024-10-01', '12300000000'],
      ]);

      // A month query over whole months answers from the monthly roll-up,
      // with the same sums as the daily rows bucketed by month.
      const filter = {
        teams: ['group:default/a', 'group:default/b'],
        from: '2024-08-01',
        to: '2024-10-31',
      };
      const byMonth = await stores.daily.queryDaily({
        filter,
        groupBy: 'team',
        metric: 'billed',
        grain: 'month',
      });
      const byDay = await stores.daily.queryDaily({
        filter,
        groupBy: 'team',
        metric: 'billed',
      });
      const bucketed = new Map<string, bigint>();
      for (const r of byDay) {
        const k = `${r.key}|${r.day.slice(0, 7)}-01`;
        bucketed.set(k, (bucketed.get(k) ?? 0n) + r.nanos);
      }
      expect(new Map(byMonth.map(r => [`${r.key}|${r.day}`, r.nanos]))).toEqual(
        bucketed,
      );
      expect(byMonth.every(r => r.day.endsWith('-01'))).toBe(true);
    });
  },
);
