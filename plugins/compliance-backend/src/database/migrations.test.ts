import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';
import { Knex } from 'knex';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolve(__dirname, '../../migrations');

/** Runs every migration that comes before `name`, in order. */
async function migrateUpTo(knex: Knex, name: string) {
  const earlier = readdirSync(directory)
    .filter(file => file.endsWith('.js') && file < name)
    .sort();
  for (const file of earlier) await knex.migrate.up({ directory, name: file });
}

/** An entity with one SOC 2 score row, as stored before the sums existed. */
async function insertScored(
  knex: Knex,
  entity: { entity_ref: string; kind: string; owner_ref: string },
  score: number | null,
  notApplicable: number,
) {
  await knex('compliance_entities').insert({ ...entity, hash: 'h' });
  await knex('compliance_scores').insert({
    entity_ref: entity.entity_ref,
    framework_id: 'soc2',
    score,
    passed: 0,
    failed: 0,
    waived: 0,
    unknown: 0,
    not_applicable: notApplicable,
    evaluated_at: '2026-12-01T06:00:00.000Z',
  });
}

describe('compliance migrations', () => {
  it.each(databases.eachSupportedId())(
    'drop the copied group parents and keep the rows, on %p, and bring the column back on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory,
        name: '20261122190000_create_compliance_tables.js',
      });
      await knex('compliance_entities').insert({
        entity_ref: 'group:default/search-relevance',
        kind: 'group',
        title: 'Search Relevance',
        parent_ref: 'group:default/products',
        hash: '',
      });

      await knex.migrate.up({
        directory,
        name: '20261202210000_drop_compliance_group_parents.js',
      });
      expect(
        await knex.schema.hasColumn('compliance_entities', 'parent_ref'),
      ).toBe(false);
      expect(await knex('compliance_entities').select()).toEqual([
        expect.objectContaining({
          entity_ref: 'group:default/search-relevance',
          title: 'Search Relevance',
        }),
      ]);
      // The primary key survives the table rebuild SQLite needs for a dropped column.
      await knex('compliance_entities')
        .insert({
          entity_ref: 'group:default/search-relevance',
          kind: 'group',
          title: 'Search & Relevance',
          hash: '',
        })
        .onConflict('entity_ref')
        .merge();
      expect(await knex('compliance_entities').pluck('title')).toEqual([
        'Search & Relevance',
      ]);

      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn('compliance_entities', 'parent_ref'),
      ).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'add the runs table and take it away on rollback, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Up to the runs migration: a later one would be the one rolled back.
      for (const name of [
        '20261122190000_create_compliance_tables.js',
        '20261202210000_drop_compliance_group_parents.js',
        '20261220130000_create_compliance_runs.js',
      ])
        await knex.migrate.up({ directory, name });
      expect(await knex.schema.hasTable('compliance_runs')).toBe(true);
      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('compliance_runs')).toBe(false);
      expect(await knex.schema.hasTable('compliance_waivers')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'pack each entity’s results into one narrow row, sum its scores by team and system, and unpack them on rollback, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory,
        name: '20261122190000_create_compliance_tables.js',
      });
      await knex.migrate.up({
        directory,
        name: '20261202210000_drop_compliance_group_parents.js',
      });
      await knex.migrate.up({
        directory,
        name: '20261220130000_create_compliance_runs.js',
      });
      const at = '2026-12-01T06:00:00.000Z';
      await knex('compliance_entities').insert([
        {
          entity_ref: 'component:default/a',
          kind: 'component',
          owner_ref: 'group:default/team',
          system_ref: 'system:default/s',
          hash: 'h',
          evaluated_at: at,
        },
        {
          entity_ref: 'component:default/b',
          kind: 'component',
          owner_ref: 'group:default/team',
          hash: 'h',
          evaluated_at: at,
        },
      ]);
      const result = (entity: string, check: string, status: string) => ({
        entity_ref: entity,
        check_id: check,
        status,
        evaluated_at: at,
        evidence: '{"facts":{}}',
        waiver_id: status === 'waived' ? 'w-1' : null,
      });
      await knex('compliance_results').insert([
        result('component:default/a', 'x', 'pass'),
        result('component:default/a', 'y', 'waived'),
        result('component:default/b', 'x', 'fail'),
      ]);
      const score = (entity: string, value: number | null) => ({
        entity_ref: entity,
        framework_id: 'soc2',
        score: value,
        level: null,
        passed: 0,
        failed: 0,
        waived: 0,
        unknown: 0,
        not_applicable: 0,
        evaluated_at: at,
      });
      await knex('compliance_scores').insert([
        score('component:default/a', 83.3),
        score('component:default/b', 50),
      ]);

      await knex.migrate.up({
        directory,
        name: '20261230120000_narrow_compliance_results.js',
      });
      expect(await knex.schema.hasTable('compliance_results')).toBe(false);
      const packed = await knex('compliance_entity_results').orderBy(
        'entity_ref',
      );
      expect(packed.map(r => [r.entity_ref, JSON.parse(r.results)])).toEqual([
        [
          'component:default/a',
          [
            ['x', 'pass'],
            ['y', 'waived', 'w-1'],
          ],
        ],
        ['component:default/b', [['x', 'fail']]],
      ]);
      expect(
        await knex.schema.hasColumn('compliance_entities', 'inputs_hash'),
      ).toBe(true);
      const sums = await knex('compliance_score_sums').orderBy([
        'sum_by',
        'subject_ref',
      ]);
      expect(
        sums.map(r => ({
          by: r.sum_by,
          subject: r.subject_ref,
          tenths: Number(r.tenths),
          scored: Number(r.scored),
          entities: Number(r.entities),
        })),
      ).toEqual([
        {
          by: 'owner',
          subject: 'group:default/team',
          tenths: 1333,
          scored: 2,
          entities: 2,
        },
        {
          by: 'system',
          subject: 'system:default/s',
          tenths: 833,
          scored: 1,
          entities: 1,
        },
      ]);

      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('compliance_score_sums')).toBe(false);
      expect(await knex.schema.hasTable('compliance_entity_results')).toBe(
        false,
      );
      expect(
        await knex('compliance_results')
          .select('entity_ref', 'check_id', 'status', 'waiver_id')
          .orderBy(['entity_ref', 'check_id']),
      ).toEqual([
        {
          entity_ref: 'component:default/a',
          check_id: 'x',
          status: 'pass',
          waiver_id: null,
        },
        {
          entity_ref: 'component:default/a',
          check_id: 'y',
          status: 'waived',
          waiver_id: 'w-1',
        },
        {
          entity_ref: 'component:default/b',
          check_id: 'x',
          status: 'fail',
          waiver_id: null,
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'sum a team whose scores are all null as no tenths, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261230120000_narrow_compliance_results.js');
      // No check of the framework applies to the entity.
      await insertScored(
        knex,
        {
          entity_ref: 'api:default/a',
          kind: 'api',
          owner_ref: 'group:default/team',
        },
        null,
        3,
      );

      await knex.migrate.up({
        directory,
        name: '20261230120000_narrow_compliance_results.js',
      });
      const sums = await knex('compliance_score_sums');
      expect(
        sums.map(r => [r.subject_ref, Number(r.tenths), r.scored, r.entities]),
      ).toEqual([['group:default/team', 0, 0, 1]]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rebuild score sums left out of step from the scores, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(
        knex,
        '20261231120000_rebuild_compliance_score_sums.js',
      );
      await insertScored(
        knex,
        {
          entity_ref: 'system:default/s',
          kind: 'system',
          owner_ref: 'group:default/team',
        },
        83.3,
        0,
      );
      // A team the system left whose row stayed behind, and none for the system.
      await knex('compliance_score_sums').insert({
        sum_by: 'owner',
        subject_ref: 'group:default/former',
        framework_id: 'soc2',
        tenths: 833,
        scored: 1,
        entities: 1,
      });

      await knex.migrate.up({
        directory,
        name: '20261231120000_rebuild_compliance_score_sums.js',
      });
      const sums = await knex('compliance_score_sums').orderBy('sum_by');
      expect(
        sums.map(r => [r.sum_by, r.subject_ref, Number(r.tenths), r.entities]),
      ).toEqual([
        ['owner', 'group:default/team', 833, 1],
        ['system', 'system:default/s', 833, 1],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'index the entities by kind, and drop the index on rollback, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const indexes = async (): Promise<string[]> =>
        knex.client.config.client === 'pg'
          ? (
              await knex.raw(
                "select indexname as name from pg_indexes where tablename = 'compliance_entities'",
              )
            ).rows.map((r: { name: string }) => r.name)
          : (await knex.raw("pragma index_list('compliance_entities')")).map(
              (r: { name: string }) => r.name,
            );
      await knex.migrate.latest({ directory });
      expect(await indexes()).toContain('compliance_entities_kind_idx');
      await knex.migrate.down({ directory });
      expect(await indexes()).not.toContain('compliance_entities_kind_idx');
      expect(await indexes()).toContain('compliance_entities_system_idx');
    },
  );
});
