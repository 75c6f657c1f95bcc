import { resolve } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolve(__dirname, '../../migrations');

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
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('compliance_runs')).toBe(true);
      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('compliance_runs')).toBe(false);
      expect(await knex.schema.hasTable('compliance_waivers')).toBe(true);
    },
  );
});
