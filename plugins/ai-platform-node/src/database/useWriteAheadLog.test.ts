import { TestDatabases } from '@backstage/backend-test-utils';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { useWriteAheadLog } from './useWriteAheadLog';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/** `synchronous` of one pooled connection: 1 is NORMAL, 2 (the default) FULL. */
async function synchronousOf(db: Knex): Promise<number> {
  const connection = await db.client.acquireConnection();
  try {
    return connection.pragma('synchronous', { simple: true });
  } finally {
    await db.client.releaseConnection(connection);
  }
}

describe('useWriteAheadLog', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'wal-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('puts a SQLite file in WAL mode with NORMAL sync, also on connections opened later', async () => {
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(directory, 'store.sqlite') },
      useNullAsDefault: true,
      // Idle connections are closed quickly, so the pool opens a new one.
      pool: { min: 0, max: 1, idleTimeoutMillis: 20, reapIntervalMillis: 10 },
    });
    try {
      expect(await synchronousOf(db)).toBe(2);
      expect(await useWriteAheadLog(db)).toBe('wal');
      expect(await synchronousOf(db)).toBe(1);

      const first = await db.client.acquireConnection();
      await db.client.releaseConnection(first);
      await new Promise(resolve => setTimeout(resolve, 200));
      const second = await db.client.acquireConnection();
      await db.client.releaseConnection(second);
      expect(second).not.toBe(first);
      expect(await synchronousOf(db)).toBe(1);
      const [mode] = await db.raw('PRAGMA journal_mode');
      expect(mode.journal_mode).toBe('wal');
    } finally {
      await db.destroy();
    }
  });

  it('reports an in-memory SQLite database as having no log', async () => {
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    try {
      expect(await useWriteAheadLog(db)).toBe('memory');
    } finally {
      await db.destroy();
    }
  });

  it('leaves PostgreSQL as it is', async () => {
    const db = await databases.init('POSTGRES_15');
    expect(await useWriteAheadLog(db)).toBeUndefined();
  });
});
