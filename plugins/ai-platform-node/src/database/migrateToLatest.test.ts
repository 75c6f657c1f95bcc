import { TestDatabases } from '@backstage/backend-test-utils';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { migrateToLatest } from './migrateToLatest';
import { repairDuplicatedMigrationLock } from './repairDuplicatedMigrationLock';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
});

describe('migrateToLatest', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'migrate-to-latest-'));
    // Slow enough that the replicas' attempts overlap.
    writeFileSync(
      join(directory, '20261203000000_init.js'),
      `exports.up = async knex => {
        await new Promise(r => setTimeout(r, 300));
        await knex.schema.createTable('things', t => t.string('id').primary());
      };
      exports.down = knex => knex.schema.dropTable('things');`,
    );
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('lets replicas starting together on PostgreSQL each see the migrations done', async () => {
    const first = await databases.init('POSTGRES_15');
    // Other connections to the same database, as other replicas have.
    const others = [1, 2].map(() => knexFactory(first.client.config));
    try {
      // As openPluginDatabase calls it.
      await Promise.all(
        [first, ...others].map(db =>
          migrateToLatest(db, {
            directory,
            repairLock: () => repairDuplicatedMigrationLock(db),
          }),
        ),
      );
      const done = await first('knex_migrations').select('name');
      expect(done.map(r => r.name)).toEqual(['20261203000000_init.js']);
      expect(await first.schema.hasTable('things')).toBe(true);
    } finally {
      await Promise.all(others.map(db => db.destroy()));
    }
  });

  it.each(databases.eachSupportedId())(
    'repairs a lock table left with a row per racing replica, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      // What two replicas creating Knex's tables together can leave: each
      // saw no row and inserted one, and Knex then never takes the lock.
      await db.schema.createTable('knex_migrations_lock', t => {
        t.increments('index').primary();
        t.integer('is_locked');
      });
      await db('knex_migrations_lock').insert([
        { is_locked: 0 },
        { is_locked: 0 },
      ]);
      await expect(
        migrateToLatest(db, { directory, timeoutMs: 300, retryMs: 50 }),
      ).rejects.toThrow('Migration table is already locked');

      await migrateToLatest(db, {
        directory,
        timeoutMs: 5_000,
        retryMs: 50,
        repairLock: () => repairDuplicatedMigrationLock(db),
      });
      expect(await db.schema.hasTable('things')).toBe(true);
      expect(await db('knex_migrations_lock').select('is_locked')).toEqual([
        { is_locked: 0 },
      ]);
    },
  );

  it('leaves a lock someone holds alone', async () => {
    const db = await databases.init('SQLITE_3');
    await db.schema.createTable('knex_migrations_lock', t => {
      t.increments('index').primary();
      t.integer('is_locked');
    });
    await db('knex_migrations_lock').insert([{ is_locked: 1 }]);
    expect(await repairDuplicatedMigrationLock(db)).toBe(false);
    await db('knex_migrations_lock').insert([{ is_locked: 0 }]);
    expect(await repairDuplicatedMigrationLock(db)).toBe(false);
    expect(await db('knex_migrations_lock').count({ n: '*' })).toEqual([
      { n: 2 },
    ]);
  });

  it('migrates SQLite, the embedded default (one process)', async () => {
    const db = await databases.init('SQLITE_3');
    await migrateToLatest(db, { directory });
    expect(await db.schema.hasTable('things')).toBe(true);
  });

  it('throws other errors at once', async () => {
    const broken = {
      migrate: {
        latest: jest.fn().mockRejectedValue(new Error('syntax error at "x"')),
      },
    };
    await expect(
      migrateToLatest(broken, { directory: 'unused', retryMs: 1 }),
    ).rejects.toThrow('syntax error at "x"');
    expect(broken.migrate.latest).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      '23505',
      'duplicate key value violates unique constraint "pg_type_typname_nsp_index"',
    ],
    ['42P07', 'relation "knex_migrations" already exists'],
    [
      '42710',
      'create table "knex_migrations" ("id" serial primary key) - type "knex_migrations" already exists',
    ],
  ])(
    "tries again when another replica creates Knex's tables at the same moment (PostgreSQL %s)",
    async (code, message) => {
      const collision = Object.assign(new Error(message), { code });
      const db = {
        migrate: {
          latest: jest
            .fn()
            .mockRejectedValueOnce(collision)
            .mockResolvedValue(undefined),
        },
      };
      await migrateToLatest(db, { directory: 'unused', retryMs: 1 });
      expect(db.migrate.latest).toHaveBeenCalledTimes(2);
    },
  );

  it('gives up when another replica holds the lock past the timeout', async () => {
    const locked = Object.assign(
      new Error('Migration table is already locked'),
      { name: 'MigrationLocked' },
    );
    const db = { migrate: { latest: jest.fn().mockRejectedValue(locked) } };
    await expect(
      migrateToLatest(db, { directory: 'unused', timeoutMs: 50, retryMs: 10 }),
    ).rejects.toThrow('Migration table is already locked');
    expect(db.migrate.latest.mock.calls.length).toBeGreaterThan(1);
  });
});
