import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAheadLogDatabaseServiceFactory } from './writeAheadLogDatabaseServiceFactory';

jest.setTimeout(60_000);

/** A plugin that reads its own database's journal mode and `synchronous` at start. */
function probePlugin(pluginId: string, seen: Map<string, unknown>) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { database: coreServices.database },
        async init({ database }) {
          const db = await database.getClient();
          const [{ journal_mode }] = await db.raw('PRAGMA journal_mode');
          const [{ synchronous }] = await db.raw('PRAGMA synchronous');
          // The same client on a second call, as the default gives.
          seen.set(pluginId, {
            journalMode: journal_mode,
            synchronous,
            sameClient: (await database.getClient()) === db,
          });
        },
      });
    },
  });
}

describe('writeAheadLogDatabaseServiceFactory', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'wal-factory-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const sqliteFiles = () =>
    mockServices.rootConfig.factory({
      data: {
        backend: {
          database: { client: 'better-sqlite3', connection: { directory } },
        },
      },
    });

  it("puts every plugin's SQLite file in WAL mode with NORMAL sync", async () => {
    const seen = new Map<string, unknown>();
    const backend = await startTestBackend({
      features: [
        sqliteFiles(),
        writeAheadLogDatabaseServiceFactory,
        probePlugin('notifications', seen),
        probePlugin('catalog', seen),
      ],
    });
    try {
      const expected = { journalMode: 'wal', synchronous: 1, sameClient: true };
      expect(seen.get('notifications')).toEqual(expected);
      expect(seen.get('catalog')).toEqual(expected);
    } finally {
      await backend.stop();
    }
  });

  it("differs from the default's rollback journal (the reason it exists)", async () => {
    const seen = new Map<string, unknown>();
    const backend = await startTestBackend({
      features: [
        sqliteFiles(),
        databaseServiceFactory,
        probePlugin('notifications', seen),
      ],
    });
    try {
      expect(seen.get('notifications')).toMatchObject({
        journalMode: 'delete',
        synchronous: 2,
      });
    } finally {
      await backend.stop();
    }
  });

  it('falls back to in-memory SQLite without backend.database, as the default does', async () => {
    const seen = new Map<string, unknown>();
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({ data: {} }),
        writeAheadLogDatabaseServiceFactory,
        probePlugin('catalog', seen),
      ],
    });
    try {
      expect(seen.get('catalog')).toMatchObject({ journalMode: 'memory' });
    } finally {
      await backend.stop();
    }
  });
});
