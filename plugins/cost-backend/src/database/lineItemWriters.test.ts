import { createTestDatabases } from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { AllocatedLineItem } from '../ingest/types';
import { openCostStores } from './openCostStores';
import { StoredIngestRun } from './types';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const HOSTILE = [
  '\\N',
  'tab\there',
  'back\\slash\\',
  'line\r\nend\n',
  "'); DROP TABLE cost_line_items; --",
  '\\.',
  'ünïcödé – 中文',
];

/**
 * A few amounts past 2^53 nano-units, where a double would lose the last
 * digits (signs alternate so the roll-ups' sums fit 64 bits), the rest small.
 */
const nanos = (i: number) =>
  i < 10
    ? (i % 2 ? -1n : 1n) * (12_345_678_901_234_567n + BigInt(i))
    : BigInt(i) * 1000n + 7n;

function item(i: number, serviceName: string): AllocatedLineItem {
  return {
    provider: 'AWS',
    billingAccountId: 'acct',
    billingPeriod: '2024-09-01',
    day: '2024-09-02',
    subAccountId: i % 2 ? null : `sub\t${i}`,
    subAccountName: null,
    serviceName,
    serviceCategory: null,
    chargeCategory: 'Usage',
    resourceId: null,
    skuId: null,
    regionId: null,
    currency: 'USD',
    billedCostNanos: String(nanos(i)),
    effectiveCostNanos: '1',
    tags: {},
    entityRef: null,
    team: 'unallocated',
    costCenter: null,
    gpuClass: null,
  };
}

function run(id: string): StoredIngestRun {
  return {
    id,
    source: 'upload',
    fileName: 'f.csv',
    fileKey: null,
    status: 'succeeded',
    startedAt: '2024-09-02T00:00:00Z',
    finishedAt: '2024-09-02T00:00:01Z',
    rowsRead: 0,
    rowsIngested: 0,
    rowsRejected: 0,
    bytesRead: 0,
    totalBytes: null,
    percent: null,
    rowsPerSecond: 0,
    billingPeriods: [],
    focusVersion: '1.0',
    errorCount: 0,
    errors: [],
    message: null,
  };
}

async function* batchesOf(items: AllocatedLineItem[], size: number) {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

describe.each(databases.eachSupportedId())(
  'writing line items on %p',
  databaseId => {
    it('stores hostile values as data, exactly, across batch and statement boundaries', async () => {
      const knex = await databases.init(databaseId);
      const stores = await openCostStores({
        database: mockServices.database({ knex }),
      });
      // 2,503 rows: more than one full SQLite statement, with a remainder.
      const items = Array.from({ length: 2503 }, (_, i) =>
        item(i, HOSTILE[i % HOSTILE.length]),
      );
      const result = await stores.billing.ingestBilling({
        runId: 'run-1',
        batches: batchesOf(items, 700),
        beforeCommit: () => {},
        completeRun: () => run('run-1'),
      });
      expect(result).toEqual({ rows: 2503, billingPeriods: ['2024-09-01'] });
      const stored = await knex('cost_line_items')
        // As text: SQLite's driver reads integers past 2^53 as rounded numbers.
        .select(
          'service_name',
          'sub_account_id',
          knex.raw('CAST(billed_cost_nanos AS TEXT) AS billed_cost_nanos'),
        )
        .orderBy('id');
      expect(stored.length).toBe(2503);
      stored.forEach((row, i) => {
        expect([
          row.service_name,
          row.sub_account_id,
          String(row.billed_cost_nanos),
        ]).toEqual([
          HOSTILE[i % HOSTILE.length],
          i % 2 ? null : `sub\t${i}`,
          String(nanos(i)),
        ]);
      });
    });

    it('rolls back what it wrote when reading fails mid-file, and the database stays usable', async () => {
      const knex = await databases.init(databaseId);
      const stores = await openCostStores({
        database: mockServices.database({ knex }),
      });
      async function* failing() {
        yield [item(0, 'first')];
        throw new Error('the file broke off');
      }
      await expect(
        stores.billing.ingestBilling({
          runId: 'run-2',
          batches: failing(),
          beforeCommit: () => {},
          completeRun: () => run('run-2'),
        }),
      ).rejects.toThrow('the file broke off');
      const [{ n }] = await knex('cost_line_items').count({ n: '*' });
      expect(Number(n)).toBe(0);
      await stores.billing.ingestBilling({
        runId: 'run-3',
        batches: batchesOf([item(1, 'second')], 10),
        beforeCommit: () => {},
        completeRun: () => run('run-3'),
      });
      expect(await knex('cost_line_items').pluck('service_name')).toEqual([
        'second',
      ]);
    });
  },
);
