import { parseNanos } from '@ai-platform/plugin-ai-platform-common';
import { createTestDatabases } from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { parse } from 'csv-parse/sync';
import { Knex } from 'knex';
import request from 'supertest';
import { users } from '../__fixtures__/entities';
import {
  demoRateCard,
  demoServingServers,
} from '../__fixtures__/servingServers';
import {
  as,
  startTestCostBackend,
} from '../__testUtils__/startTestCostBackend';
import { parseRateCard } from '../config/rateCard';
import { DatabaseServingSplitStore } from '../database/DatabaseServingSplitStore';
import { ServingChargebackJob } from './ServingChargebackJob';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const DAY = '2026-12-03';
const SHARED = 'component:default/shared-llm-inference';

/** A grant's day of Kubernetes GPU cost, as the GPU allocation job stores it. */
const grantDay = (
  grantId: string,
  entity: string,
  team: string,
  hours: number,
) => ({
  day: DAY,
  cluster: 'gpu-prod',
  entity_ref: `component:default/${entity}`,
  team: `group:default/${team}`,
  gpu_class: 'h100',
  grant_id: grantId,
  gpu_hours_allocated: hours,
  gpu_hours_used: hours / 2,
  hourly_rate_nanos: '4500000000',
  allocated_cost_nanos: String(BigInt(hours) * 4_500_000_000n),
  used_cost_nanos: String((BigInt(hours) * 4_500_000_000n) / 2n),
  currency: 'USD',
});

const sum = (values: string[]) =>
  values.reduce((s, v) => s + BigInt(parseNanos(v)!), 0n);

describe.each(databases.eachSupportedId())(
  'the Kubernetes FOCUS export with inference chargeback, on %p',
  databaseId => {
    let knex: Knex;
    let server: Awaited<ReturnType<typeof startTestCostBackend>>['server'];
    let csv: string;
    let records: Array<Record<string, string>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestCostBackend({ knex }));
      // The shared server's pods run under ml-platform's grant of 4 H100s
      // (96 GPU-hours, 432); search-relevance has another grant (216).
      await knex('cost_gpu_daily').insert([
        grantDay('grant-shared', 'shared-llm-inference', 'ml-platform', 96),
        grantDay(
          'grant-ranker',
          'search-ranker-training',
          'search-relevance',
          48,
        ),
      ]);
      const shared = demoServingServers().filter(s => s.entityRef === SHARED);
      await ServingChargebackJob.create({
        store: DatabaseServingSplitStore.create({ db: knex }),
        source: {
          entityServing: async () => {
            throw new Error('not used');
          },
          servers: async () => ({ servers: shared, errors: [] }),
        },
        rateCard: parseRateCard(demoRateCard, 'test'),
        logger: mockServices.logger.mock(),
        now: () => new Date('2026-12-04T05:00:00Z'),
      }).runDay(DAY);
      const res = await request(server)
        .get(`/api/cost/kubernetes/focus.csv?from=${DAY}&to=${DAY}`)
        .set(...as(users.fin));
      if (res.status !== 200) throw new Error(`export: ${res.text}`);
      csv = res.text;
      records = parse(csv, { columns: true, bom: true });
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('writes a row per consuming team and an unattributed row, naming the server and method', () => {
      const splits = records.filter(r => r.x_ServingSource === SHARED);
      expect(
        splits.map(r => [
          JSON.parse(r.Tags)['ai-platform.io/team'] ?? null,
          r.BilledCost,
          r.x_SplitMethod,
        ]),
      ).toEqual([
        ['group:default/conversational-ai', '194.4', 'tokens'],
        ['group:default/search-relevance', '108', 'tokens'],
        [null, '129.6', 'tokens'],
      ]);
      expect(splits[2].ChargeDescription).toMatch(
        /^Unattributed share of model server/,
      );
      // The parts are the server's cost, to the nano-unit and so to the cent.
      expect(sum(splits.map(r => r.BilledCost))).toBe(432_000_000_000n);
    });

    it('replaces the server owner’s grant row instead of counting the server twice', () => {
      expect(records.map(r => r.ResourceId)).not.toContain('grant-shared');
      expect(records.filter(r => r.ResourceId === 'grant-ranker')).toHaveLength(
        1,
      );
      // 432 + 216 before the split, 432 + 216 after it.
      expect(sum(records.map(r => r.BilledCost))).toBe(648_000_000_000n);
    });

    it('re-ingests through the FOCUS ingester with the totals unchanged', async () => {
      const upload = await request(server)
        .post('/api/cost/ingest/upload?fileName=kubernetes-focus.csv')
        .set(...as(users.fin))
        .set('Content-Type', 'text/csv')
        .send(csv);
      expect(upload.status).toBe(200);
      expect(upload.body.status).toBe('succeeded');
      const [{ total }] = await knex('cost_daily')
        .where({ source: 'billing', day: DAY })
        .select(knex.raw('CAST(SUM(billed_cost_nanos) AS TEXT) AS total'));
      expect(total).toBe('648000000000');
      const costOf = async (ref: string) => {
        const res = await request(server)
          .get(`/api/cost/costs?entityRef=${ref}&from=${DAY}&to=${DAY}`)
          .set(...as(users.fin));
        expect(res.status).toBe(200);
        return res.body.total;
      };
      expect(await costOf('group:default/acme')).toBe(648);
      expect(await costOf('group:default/conversational-ai')).toBe(194.4);
      expect(await costOf('group:default/search-relevance')).toBe(324);
      expect(await costOf('group:default/ml-platform')).toBe(0);
    });
  },
);
