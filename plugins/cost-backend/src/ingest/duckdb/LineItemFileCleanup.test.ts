import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { openCostStores } from '../../database/openCostStores';
import { StoredIngestRun } from '../../database/types';
import { LineItemFileCleanup } from './LineItemFileCleanup';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directories: string[] = [];
afterAll(() =>
  directories.forEach(d => rmSync(d, { recursive: true, force: true })),
);

const HOUR = 60 * 60 * 1000;

function run(id: string): StoredIngestRun {
  return {
    id,
    source: 'upload',
    fileName: 'billing.csv',
    status: 'running',
    startedAt: new Date().toISOString(),
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
    fileKey: null,
  };
}

describe('LineItemFileCleanup', () => {
  it.each(databases.eachSupportedId())(
    'removes only old, unreferenced files of our naming inside the folder whose run is not running, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const stores = await openCostStores({
        database: mockServices.database({ knex }),
      });
      const directory = mkdtempSync(join(tmpdir(), 'cost-cleanup-'));
      const outside = mkdtempSync(join(tmpdir(), 'cost-cleanup-outside-'));
      directories.push(directory, outside);
      const now = Date.now();
      const file = (name: string, ageMs: number, dir = directory) => {
        const path = join(dir, name);
        writeFileSync(path, 'PAR1');
        const at = new Date(now - ageMs);
        utimesSync(path, at, at);
        return path;
      };

      const referenced = `${randomUUID()}.parquet`;
      const crashed = `${randomUUID()}.parquet`;
      const fresh = `${randomUUID()}.parquet`;
      const writing = randomUUID();
      const failedRun = randomUUID();
      file(referenced, 5 * HOUR);
      file(crashed, 5 * HOUR);
      file(fresh, 10 * 60 * 1000);
      file(`${writing}.parquet`, 5 * HOUR);
      file(`${failedRun}.parquet`, 5 * HOUR);
      file('notes.parquet', 5 * HOUR);
      file(`${randomUUID()}.csv`, 5 * HOUR);
      mkdirSync(join(directory, 'work'));
      const nested = `${randomUUID()}.parquet`;
      file(nested, 5 * HOUR, join(directory, 'work'));
      // A link of our naming to a file elsewhere: neither it nor its target is touched.
      const target = file(`${randomUUID()}.parquet`, 5 * HOUR, outside);
      const link = `${randomUUID()}.parquet`;
      symlinkSync(target, join(directory, link));

      await knex('cost_line_item_files').insert({
        provider: 'AWS',
        billing_account_id: 'acct',
        billing_period: '2024-09-01',
        ingest_run_id: referenced.slice(0, 36),
        file_name: referenced,
        line_items: 1,
        first_line_item_id: 1,
        line_numbered: true,
      });
      const lease = {
        owner: 'replica-a',
        staleBefore: new Date(0).toISOString(),
      };
      expect(await stores.runs.claimRun(run(writing), lease)).toBe(true);
      expect(await stores.runs.claimRun(run(failedRun), lease)).toBe(true);
      await stores.runs.saveRun({
        ...run(failedRun),
        status: 'failed',
        finishedAt: new Date().toISOString(),
      });

      const cleanup = LineItemFileCleanup.create({
        directory,
        files: stores.lineItemFiles,
        runs: stores.runs,
        logger: mockServices.logger.mock(),
        graceMs: HOUR,
        now: () => now,
      });
      expect((await cleanup.removeOrphans()).sort()).toEqual(
        [crashed, `${failedRun}.parquet`].sort(),
      );
      expect(readdirSync(directory).sort()).toEqual(
        [
          referenced,
          fresh,
          `${writing}.parquet`,
          'notes.parquet',
          link,
          'work',
          ...readdirSync(directory).filter(n => n.endsWith('.csv')),
        ].sort(),
      );
      expect(existsSync(join(directory, 'work', nested))).toBe(true);
      expect(existsSync(target)).toBe(true);

      // Once the ingest has finished without its commit, its file goes too.
      await stores.runs.saveRun({
        ...run(writing),
        status: 'failed',
        finishedAt: new Date().toISOString(),
      });
      expect(await cleanup.removeOrphans()).toEqual([`${writing}.parquet`]);
      // A missing folder (no DuckDB ingest yet) is nothing to clean.
      const missing = LineItemFileCleanup.create({
        directory: join(directory, 'absent'),
        files: stores.lineItemFiles,
        runs: stores.runs,
        logger: mockServices.logger.mock(),
      });
      expect(await missing.removeOrphans()).toEqual([]);
    },
  );
});
