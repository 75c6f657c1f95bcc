import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { readCostConfig } from '../config/CostConfig';
import { openCostStores } from '../database/openCostStores';
import { FocusIngester } from './FocusIngester';
import { FolderScanner } from './FolderScanner';
import { LineItemAllocator } from './LineItemAllocator';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directories: string[] = [];
afterAll(() =>
  directories.forEach(d => rmSync(d, { recursive: true, force: true })),
);

describe.each(databases.eachSupportedId())(
  'FolderScanner on %p',
  databaseId => {
    it('ingests new and changed files once, csv and gzip, and skips others', async () => {
      const knex = await databases.init(databaseId);
      const store = await openCostStores({
        database: mockServices.database({ knex }),
      });
      const logger = mockServices.logger.mock();
      const ingester = FocusIngester.create({
        stores: store,
        logger,
        allocator: async () =>
          LineItemAllocator.create({
            allocation: readCostConfig(mockServices.rootConfig({ data: {} }))
              .allocation,
            owners: new Map(),
          }),
        maxErrorRatio: 0,
        maxRecordBytes: 65536,
      });
      const dir = mkdtempSync(join(tmpdir(), 'cost-scan-'));
      directories.push(dir);
      const scanner = FolderScanner.create({
        folders: [dir, join(dir, 'missing')],
        ingester,
        runs: store.runs,
        logger,
      });
      writeFileSync(
        join(dir, 'a.csv'),
        focusCsv([focusTestRow({ BilledCost: '1' })]),
      );
      writeFileSync(
        join(dir, 'b.csv.gz'),
        gzipSync(
          focusCsv([
            focusTestRow({ BilledCost: '2', ProviderName: 'Microsoft' }),
          ]),
        ),
      );
      writeFileSync(
        join(dir, 'bad.csv'),
        focusCsv([focusTestRow({ BilledCost: 'x' })]),
      );
      writeFileSync(join(dir, 'notes.txt'), 'not billing');

      const first = await scanner.scan();
      expect(first.map(r => [r.fileName, r.status, r.source])).toEqual([
        ['a.csv', 'succeeded', 'folder'],
        ['b.csv.gz', 'succeeded', 'folder'],
        ['bad.csv', 'refused', 'folder'],
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        'Cannot read billing folder',
        expect.objectContaining({ folder: join(dir, 'missing') }),
      );
      await expect(scanner.scan()).resolves.toEqual([]);

      // A changed file is read again and replaces its billing period.
      writeFileSync(
        join(dir, 'a.csv'),
        focusCsv([focusTestRow({ BilledCost: '5' })]),
      );
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(dir, 'a.csv'), later, later);
      const second = await scanner.scan();
      expect(second.map(r => r.fileName)).toEqual(['a.csv']);
      const rows = await store.daily.queryDaily({
        filter: { from: '2024-01-01', to: '2024-12-31' },
        groupBy: 'provider',
        metric: 'billed',
      });
      expect(rows.map(r => [r.key, r.amount]).sort()).toEqual([
        ['AWS', 5],
        ['Microsoft', 2],
      ]);
    });

    it('refuses a gzip bomb in a folder by the ratio cap and stores nothing of it', async () => {
      const knex = await databases.init(databaseId);
      const store = await openCostStores({
        database: mockServices.database({ knex }),
      });
      const ingester = FocusIngester.create({
        stores: store,
        logger: mockServices.logger.mock(),
        allocator: async () =>
          LineItemAllocator.create({
            allocation: readCostConfig(mockServices.rootConfig({ data: {} }))
              .allocation,
            owners: new Map(),
          }),
        maxErrorRatio: 0,
        maxRecordBytes: 65536,
        maxGzipRatio: 20,
      });
      const dir = mkdtempSync(join(tmpdir(), 'cost-bomb-'));
      directories.push(dir);
      writeFileSync(
        join(dir, 'bomb.csv.gz'),
        gzipSync(
          Buffer.concat([
            Buffer.from(focusCsv([focusTestRow({ BilledCost: '7' })])),
            Buffer.alloc(20 * 1024 * 1024, '\n'),
          ]),
        ),
      );
      const scanner = FolderScanner.create({
        folders: [dir],
        ingester,
        runs: store.runs,
        logger: mockServices.logger.mock(),
      });
      const [run] = await scanner.scan();
      expect(run).toMatchObject({
        fileName: 'bomb.csv.gz',
        status: 'refused',
        message: expect.stringContaining('cost.ingest.maxGzipRatio'),
      });
      const rows = await store.daily.queryDaily({
        filter: { from: '2024-01-01', to: '2024-12-31' },
        metric: 'billed',
      });
      expect(rows).toEqual([]);
      // Refused files are remembered, so the bomb is not inflated again.
      await expect(scanner.scan()).resolves.toEqual([]);
    });
  },
);
