import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolve(__dirname, '../../migrations');
const MIGRATION = '20270104120000_create_cost_team_daily.js';
const BEFORE = readdirSync(directory)
  .filter(f => f.endsWith('.js') && f < MIGRATION)
  .sort();

const daily = (
  team: string,
  day: string,
  service: string,
  billed: string,
  items: number,
) => ({
  source: 'billing',
  provider: 'AWS',
  billing_account_id: 'acct',
  billing_period: `${day.slice(0, 7)}-01`,
  day,
  team,
  service_name: service,
  currency: 'USD',
  billed_cost_nanos: billed,
  effective_cost_nanos: billed,
  line_items: items,
});

describe('cost_team_daily migration', () => {
  it.each(databases.eachSupportedId())(
    'fills the team × day roll-up from the daily roll-up exactly, on %p, and drops it on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      for (const name of BEFORE) await knex.migrate.up({ directory, name });
      expect(await knex.schema.hasTable('cost_team_daily')).toBe(false);
      // Sums past 2^53 nano-units stay exact.
      await knex('cost_daily').insert([
        daily('group:default/a', '2024-09-02', 'EC2', '9007199254740993', 2),
        daily('group:default/a', '2024-09-02', 'S3', '7', 1),
        daily('group:default/a', '2024-09-03', 'S3', '-1', 1),
        daily('group:default/b', '2024-09-02', 'EC2', '5', 3),
      ]);

      await knex.migrate.up({ directory, name: MIGRATION });
      const rows = await knex('cost_team_daily')
        .select(
          'team',
          'day',
          'currency',
          knex.raw('CAST(billed_cost_nanos AS TEXT) AS billed'),
          knex.raw('CAST(line_items AS TEXT) AS items'),
        )
        .orderBy(['team', 'day']);
      expect(
        rows.map(r => [r.team, r.day, r.currency, r.billed, r.items]),
      ).toEqual([
        ['group:default/a', '2024-09-02', 'USD', '9007199254741000', '3'],
        ['group:default/a', '2024-09-03', 'USD', '-1', '1'],
        ['group:default/b', '2024-09-02', 'USD', '5', '3'],
      ]);

      await knex.migrate.down({ directory, name: MIGRATION });
      expect(await knex.schema.hasTable('cost_team_daily')).toBe(false);
      expect(await knex.schema.hasTable('cost_team_monthly')).toBe(true);
    },
  );
});
