import { createTestDatabases } from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { resolve } from 'node:path';
import {
  demoRateCard,
  demoServingServers,
} from '../__fixtures__/servingServers';
import { parseRateCard } from '../config/rateCard';
import { DatabaseServingSplitStore } from '../database/DatabaseServingSplitStore';
import { ServingChargebackJob } from './ServingChargebackJob';
import { ServingServer, ServingUsageSource } from './types';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const migrations = resolve(__dirname, '../../migrations');
const NOW = new Date('2026-12-04T05:00:00Z');
const rateCard = parseRateCard(demoRateCard, 'test');

/** The demo servers on every day, with errors on the days named. */
function demoSource(failingDays: Set<string> = new Set()) {
  const asked: string[] = [];
  const source: ServingUsageSource = {
    entityServing: async () => {
      throw new Error('not used by the job');
    },
    servers: async over => {
      const day = 'day' in over ? over.day : '';
      asked.push(day);
      if (day === '2026-11-20')
        throw new Error('the gpu-metrics backend could not be reached');
      return {
        servers: demoServingServers(),
        errors: failingDays.has(day)
          ? [{ cluster: 'gpu-dev', message: 'Prometheus unreachable' }]
          : [],
      };
    },
  };
  return { source, asked };
}

describe.each(databases.eachSupportedId())(
  'ServingChargebackJob on %p',
  databaseId => {
    async function setUp(servers?: () => ServingServer[]) {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrations });
      const store = DatabaseServingSplitStore.create({ db: knex });
      const demo = demoSource(new Set(['2026-12-02']));
      const source: ServingUsageSource = servers
        ? {
            ...demo.source,
            servers: async () => ({ servers: servers(), errors: [] }),
          }
        : demo.source;
      const job = ServingChargebackJob.create({
        store,
        source,
        rateCard,
        logger: mockServices.logger.mock(),
        now: () => NOW,
      });
      return { knex, store, job, asked: demo.asked };
    }

    it('fills the last 30 completed days once, and fetches a day with errors or a failure again', async () => {
      const { store, job, asked } = await setUp();
      const first = await job.run();
      expect(asked).toHaveLength(30);
      expect(asked[0]).toBe('2026-11-04');
      expect(asked.at(-1)).toBe('2026-12-03');
      expect(first.incomplete).toEqual(['2026-12-02']);
      expect(first.failed).toEqual(['2026-11-20']);
      expect(first.days).toHaveLength(28);

      const second = await job.run();
      expect(asked.slice(30)).toEqual(['2026-11-20', '2026-12-02']);
      expect(second.incomplete).toEqual(['2026-12-02']);
      expect(second.failed).toEqual(['2026-11-20']);
      expect(await store.completeDays('2026-11-01', '2026-12-31')).toHaveLength(
        28,
      );
    });

    it('splits each server day by consuming team, adding up to the server’s cost exactly', async () => {
      const { store, job } = await setUp();
      await job.runDay('2026-12-03');
      const rows = await store.querySplits({
        from: '2026-12-03',
        to: '2026-12-03',
      });
      const shared = rows.filter(
        r => r.serverEntityRef === 'component:default/shared-llm-inference',
      );
      expect(
        shared.map(r => [
          r.consumerTeam,
          r.costNanos,
          r.inputTokens,
          r.outputTokens,
        ]),
      ).toEqual([
        [
          'group:default/conversational-ai',
          194_400_000_000n,
          54_000_000n,
          13_500_000n,
        ],
        [
          'group:default/search-relevance',
          108_000_000_000n,
          30_000_000n,
          7_500_000n,
        ],
        // someone-else (no owner in the catalog) and the unnamed tokens.
        ['unattributed', 129_600_000_000n, 36_000_000n, 9_000_000n],
      ]);
      expect(shared.reduce((s, r) => s + r.costNanos, 0n)).toBe(
        432_000_000_000n,
      );
      expect(shared.every(r => r.serverCostNanos === 432_000_000_000n)).toBe(
        true,
      );
      // The idle MIG server: 48 instance-hours × 3/7 × 4.5, all unattributed.
      const mig = rows.filter(
        r => r.serverEntityRef === 'component:default/assistant-api',
      );
      expect(mig.map(r => [r.consumerTeam, r.costNanos])).toEqual([
        ['unattributed', 92_571_428_571n],
      ]);
      expect(shared.every(r => r.splitMethod === 'tokens')).toBe(true);
    });

    it('replaces a day when it runs again', async () => {
      let servers = demoServingServers();
      const { store, job } = await setUp(() => servers);
      await job.runDay('2026-12-03');
      await job.runDay('2026-12-03');
      const once = await store.querySplits({
        from: '2026-12-03',
        to: '2026-12-03',
      });
      expect(once).toHaveLength(4);
      // The gateway now names nobody: the day is replaced, not added to.
      servers = servers.map(s => ({
        ...s,
        consumers: [],
        unattributed: {
          inputTokens: s.totals.inputTokens,
          outputTokens: s.totals.outputTokens,
        },
      }));
      await job.runDay('2026-12-03');
      const again = await store.querySplits({
        from: '2026-12-03',
        to: '2026-12-03',
      });
      expect(again.map(r => [r.consumerTeam, r.costNanos])).toEqual([
        ['unattributed', 92_571_428_571n],
        ['unattributed', 432_000_000_000n],
      ]);
    });
  },
);
