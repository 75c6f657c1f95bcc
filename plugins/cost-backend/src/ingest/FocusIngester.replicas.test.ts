import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
  waitFor,
} from '@ai-platform/test-utils';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { readCostConfig } from '../config/CostConfig';
import { openCostStores } from '../database/openCostStores';
import { FocusIngester } from './FocusIngester';
import { FolderScanner } from './FolderScanner';
import { LineItemAllocator } from './LineItemAllocator';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const postgresIds = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

/**
 * One "replica": its own stores and ingester over the database. On
 * PostgreSQL each replica gets its own connection pool, as two processes
 * would; SQLite is one process's file, so replicas share the connection.
 */
async function replica(
  knex: Knex,
  owner: string,
  options: { heartbeatMs?: number } = {},
) {
  const stores = await openCostStores({
    database: mockServices.database({ knex }),
  });
  const logger = mockServices.logger.mock();
  const ingester = FocusIngester.create({
    stores,
    logger,
    allocator: async () =>
      LineItemAllocator.create({
        allocation: readCostConfig(mockServices.rootConfig({ data: {} }))
          .allocation,
        owners: new Map(),
      }),
    maxErrorRatio: 0,
    maxRecordBytes: 65536,
    owner,
    heartbeatMs: options.heartbeatMs,
  });
  return { stores, ingester, logger };
}

const pools: Knex[] = [];
/** A second connection pool to the same database (PostgreSQL), as another process has. */
function secondPool(knex: Knex): Knex {
  if (knex.client.config.client !== 'pg') return knex;
  const pool = knexFactory({
    client: 'pg',
    connection: knex.client.config.connection,
  });
  pools.push(pool);
  return pool;
}
afterAll(async () => {
  await Promise.all(pools.map(p => p.destroy()));
});
const directories: string[] = [];
afterAll(() =>
  directories.forEach(d => rmSync(d, { recursive: true, force: true })),
);

function rows(n: number, cost: string, period = '2024-09-01') {
  const month = period.slice(0, 7);
  return Array.from({ length: n }, (_, i) =>
    focusTestRow({
      BilledCost: cost,
      BillingPeriodStart: `${period}T00:00:00Z`,
      ChargePeriodStart: `${month}-0${(i % 9) + 1}T00:00:00Z`,
      ChargePeriodEnd: `${month}-0${(i % 9) + 1}T01:00:00Z`,
    }),
  );
}

async function lineItemTotals(knex: Knex) {
  const result: Array<Record<string, string | number>> = await knex(
    'cost_line_items',
  )
    .select('billing_period', 'ingest_run_id')
    .count({ n: '*' })
    .sum({ billed: 'billed_cost_nanos' })
    .groupBy('billing_period', 'ingest_run_id')
    .orderBy('billing_period');
  return result.map(r => ({
    period: String(r.billing_period),
    run: String(r.ingest_run_id),
    n: Number(r.n),
    billed: Number(r.billed) / 1_000_000_000,
  }));
}

describe.each(databases.eachSupportedId())(
  'FocusIngester on several replicas, %p',
  databaseId => {
    it('reads each file of a folder two replicas scan at once exactly once', async () => {
      const knex = await databases.init(databaseId);
      const a = await replica(knex, 'replica-a');
      const b = await replica(secondPool(knex), 'replica-b');
      const dir = mkdtempSync(join(tmpdir(), 'cost-replicas-'));
      directories.push(dir);
      const periods = ['2024-07-01', '2024-08-01', '2024-09-01'];
      periods.forEach((period, i) =>
        writeFileSync(
          join(dir, `${period}.csv`),
          focusCsv(rows(300 * (i + 1), '2', period)),
        ),
      );
      const scanner = (r: typeof a) =>
        FolderScanner.create({
          folders: [dir],
          ingester: r.ingester,
          runs: r.stores.runs,
          logger: r.logger,
        });

      const [fromA, fromB] = await Promise.all([
        scanner(a).scan(),
        scanner(b).scan(),
      ]);

      const all = [...fromA, ...fromB];
      expect(all.map(r => r.fileName).sort()).toEqual(
        periods.map(p => `${p}.csv`),
      );
      expect(all.every(r => r.status === 'succeeded')).toBe(true);
      const stored = await knex('cost_ingest_runs').select(
        'file_name',
        'status',
      );
      expect(stored).toHaveLength(3);
      expect(await lineItemTotals(knex)).toEqual(
        periods.map((period, i) => ({
          period,
          run: all.find(r => r.fileName === `${period}.csv`)!.id,
          n: 300 * (i + 1),
          billed: 600 * (i + 1),
        })),
      );
      await expect(scanner(a).scan()).resolves.toEqual([]);
      await expect(scanner(b).scan()).resolves.toEqual([]);
    });

    it('fails a run whose process stopped and reads its file again, leaving the period as before until then', async () => {
      const knex = await databases.init(databaseId);
      const live = await replica(knex, 'replica-live');
      const dir = mkdtempSync(join(tmpdir(), 'cost-stale-'));
      directories.push(dir);
      const path = join(dir, 'september.csv');
      writeFileSync(path, focusCsv(rows(50, '3')));
      const scanner = FolderScanner.create({
        folders: [dir],
        ingester: live.ingester,
        runs: live.stores.runs,
        logger: live.logger,
      });
      // An earlier file of the period, then a process that claimed the new
      // file and died mid-way: its transaction rolled back with it.
      const earlier = await live.ingester.ingest({
        source: 'upload',
        fileName: 'earlier.csv',
        stream: Readable.from([focusCsv(rows(10, '1'))]),
      });
      const { fileKey } = await scanKey(path);
      const minuteAgo = new Date(Date.now() - 60_000).toISOString();
      await live.stores.runs.claimRun(
        {
          id: 'a0000000-0000-4000-8000-000000000001',
          source: 'folder',
          fileName: 'september.csv',
          fileKey,
          status: 'running',
          startedAt: minuteAgo,
          finishedAt: null,
          rowsRead: 20,
          rowsIngested: 0,
          rowsRejected: 0,
          bytesRead: 100,
          totalBytes: 1000,
          percent: 10,
          rowsPerSecond: 0,
          billingPeriods: [],
          focusVersion: '1.0',
          errorCount: 0,
          errors: [],
          message: null,
        },
        { owner: 'replica-dead', staleBefore: minuteAgo },
      );
      expect(await lineItemTotals(knex)).toEqual([
        { period: '2024-09-01', run: earlier.id, n: 10, billed: 10 },
      ]);

      const [run] = await scanner.scan();

      expect(run).toMatchObject({
        fileName: 'september.csv',
        status: 'succeeded',
      });
      const dead = await live.stores.runs.getRun(
        'a0000000-0000-4000-8000-000000000001',
      );
      expect(dead).toMatchObject({ status: 'failed', rowsIngested: 0 });
      expect(dead!.message).toMatch(
        /the backend process running it \(replica-dead\) stopped, last seen at .*; nothing of it was stored/,
      );
      expect(dead!.finishedAt).not.toBeNull();
      expect(await lineItemTotals(knex)).toEqual([
        { period: '2024-09-01', run: run.id, n: 50, billed: 150 },
      ]);
      expect(live.logger.warn).toHaveBeenCalledWith(
        'Marked ingest runs of a stopped backend process failed',
        { runs: 1 },
      );
    });

    it('keeps a live run of another replica, and its file, to that replica', async () => {
      const knex = await databases.init(databaseId);
      const me = await replica(knex, 'replica-me');
      const dir = mkdtempSync(join(tmpdir(), 'cost-live-'));
      directories.push(dir);
      const path = join(dir, 'september.csv');
      writeFileSync(path, focusCsv(rows(5, '3')));
      const { fileKey } = await scanKey(path);
      const now = new Date().toISOString();
      expect(
        await me.stores.runs.claimRun(
          {
            id: 'a0000000-0000-4000-8000-000000000002',
            source: 'folder',
            fileName: 'september.csv',
            fileKey,
            status: 'running',
            startedAt: now,
            finishedAt: null,
            rowsRead: 0,
            rowsIngested: 0,
            rowsRejected: 0,
            bytesRead: 0,
            totalBytes: null,
            percent: null,
            rowsPerSecond: 0,
            billingPeriods: [],
            focusVersion: null,
            errorCount: 0,
            errors: [],
            message: null,
          },
          { owner: 'replica-other', staleBefore: now },
        ),
      ).toBe(true);
      const scanner = FolderScanner.create({
        folders: [dir],
        ingester: me.ingester,
        runs: me.stores.runs,
        logger: me.logger,
      });
      await expect(scanner.scan()).resolves.toEqual([]);
      await expect(me.ingester.failStaleRuns()).resolves.toBe(0);
      expect(
        (await me.stores.runs.getRun('a0000000-0000-4000-8000-000000000002'))!
          .status,
      ).toBe('running');
      // Only its owner renews it.
      const run = (await me.stores.runs.getRun(
        'a0000000-0000-4000-8000-000000000002',
      ))!;
      await expect(
        me.stores.runs.heartbeat(run, 'replica-me', now),
      ).resolves.toBe(false);
      await expect(
        me.stores.runs.heartbeat(run, 'replica-other', now),
      ).resolves.toBe(true);
    });

    it('does not keep a refused upload', async () => {
      const knex = await databases.init(databaseId);
      const { ingester } = await replica(knex, 'replica-a');
      const run = await ingester.ingest({
        source: 'upload',
        fileName: 'bad.csv',
        stream: Readable.from([focusCsv([focusTestRow({ BilledCost: 'x' })])]),
      });
      expect(run.status).toBe('refused');
      expect(
        Number((await knex('cost_ingest_runs').count({ n: '*' }))[0].n),
      ).toBe(0);
    });
  },
);

// Progress mid-transaction needs a second connection: PostgreSQL only (under
// CI createTestDatabases fails when PostgreSQL is missing, so this runs there).
(postgresIds.length
  ? describe.each(postgresIds)
  : describe.skip.each<[TestDatabaseId]>([['POSTGRES_15']]))(
  'FocusIngester progress across replicas, %p',
  databaseId => {
    it('stores a running ingest and its progress for the other replicas, and its success with its rows', async () => {
      const knex = await databases.init(databaseId);
      const a = await replica(knex, 'replica-a', { heartbeatMs: 50 });
      const other = secondPool(knex);
      const [header, ...lines] = focusCsv(rows(3000, '2'))
        .trimEnd()
        .split('\n');
      let release!: () => void;
      const gate = new Promise<void>(resolve => {
        release = resolve;
      });
      async function* chunks() {
        yield `${header}\n${lines.slice(0, 2500).join('\n')}\n`;
        await gate;
        yield `${lines.slice(2500).join('\n')}\n`;
      }
      const ingest = a.ingester.ingest({
        source: 'upload',
        fileName: 'paused.csv',
        stream: Readable.from(chunks()),
      });

      const seen = await waitFor(async () => {
        const row = await other('cost_ingest_runs')
          .where({ file_name: 'paused.csv' })
          .first();
        return row && Number(row.rows_read) >= 2000 ? row : undefined;
      });
      expect(seen).toMatchObject({ status: 'running', owner: 'replica-a' });
      const firstBeat = seen.heartbeat_at;
      await waitFor(async () => {
        const row = await other('cost_ingest_runs')
          .where({ id: seen.id })
          .first();
        return row.heartbeat_at > firstBeat ? true : undefined;
      });
      // Rows of an unfinished ingest are not visible outside its transaction.
      expect(
        Number((await other('cost_line_items').count({ n: '*' }))[0].n),
      ).toBe(0);

      release();
      const run = await ingest;
      expect(run).toMatchObject({ status: 'succeeded', rowsIngested: 3000 });
      const stored = await other('cost_ingest_runs')
        .where({ id: run.id })
        .first();
      expect(stored.status).toBe('succeeded');
      expect(Number(stored.rows_ingested)).toBe(3000);
      expect(await lineItemTotals(other)).toEqual([
        { period: '2024-09-01', run: run.id, n: 3000, billed: 6000 },
      ]);
    });
  },
);

/** The key FolderScanner gives a file. */
async function scanKey(path: string) {
  const info = statSync(path);
  return { fileKey: `${path}:${info.size}:${Math.trunc(info.mtimeMs)}` };
}
