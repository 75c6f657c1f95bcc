import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import request from 'supertest';
import { users } from '../__fixtures__/entities';
import {
  as,
  startTestCostBackend,
} from '../__testUtils__/startTestCostBackend';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const fixturesDir =
  process.env.AI_PLATFORM_FIXTURES_DIR ??
  join(__dirname, '../../../../../shared/fixtures');
const sample = readFileSync(
  join(fixturesDir, 'focus/focus-1.0-sample-aws-azure-oci.csv'),
);
const directories: string[] = [];
afterAll(() =>
  directories.forEach(d => rmSync(d, { recursive: true, force: true })),
);

type Engine = 'javascript' | 'duckdb';
type Server = Awaited<ReturnType<typeof startTestCostBackend>>['server'];

/** A backend on a fresh database whose ingest runs on `engine`; the sample's three largest sub-accounts belong to teams of the test org. */
async function start(
  databaseId: Parameters<typeof databases.init>[0],
  engine: Engine,
) {
  const knex = await databases.init(databaseId);
  const directory = mkdtempSync(join(tmpdir(), 'cost-line-items-'));
  directories.push(directory);
  const { server } = await startTestCostBackend({
    knex,
    config: {
      cost: {
        admins: ['group:default/finance'],
        ingest: { engine, lineItemsDirectory: directory },
        allocation: {
          subAccountTeams: [
            { subAccountId: '11353890204', team: 'search-relevance' },
            { subAccountId: '18938484842', team: 'conversational-ai' },
            { subAccountId: '85742851457', team: 'ml-platform' },
          ],
        },
      },
    },
  });
  const upload = async (file: Buffer | string) => {
    const res = await request(server)
      .post('/api/cost/ingest/upload?fileName=billing.csv')
      .set(...as(users.fin))
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(file));
    if (res.status !== 200) {
      throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
    }
    return res.body as { id: string };
  };
  return { knex, directory, server, upload };
}

/** Every character but letters and digits percent-encoded (the OpenAPI validator refuses a raw `(`). */
const encode = (value: string) =>
  [...Buffer.from(value, 'utf8')]
    .map(b => `%${b.toString(16).padStart(2, '0')}`)
    .join('');

const get = (server: Server, path: string, user = users.fin) =>
  request(server)
    .get(`/api/cost${path}`)
    .set(...as(user));

/** Every page of a drill-down, as answered. */
async function allPages(server: Server, query: string, limit: number) {
  const pages: Array<{ items: any[]; next: string | null }> = [];
  let after: string | null = null;
  do {
    const res = await get(
      server,
      `/line-items?${query}&limit=${limit}${after ? `&after=${after}` : ''}`,
    );
    expect(res.status).toBe(200);
    pages.push(res.body);
    after = res.body.next;
  } while (after && pages.length < 1000);
  return pages;
}

function expectDayIdOrder(items: Array<{ day: string; id: string }>) {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1], items[i]];
    expect(
      a.day < b.day || (a.day === b.day && BigInt(a.id) < BigInt(b.id)),
    ).toBe(true);
  }
}

const acme = 'entityRef=group:default/acme';
const september = 'from=2024-09-01&to=2024-10-31';
const on = (day: string) => ({
  ChargePeriodStart: `${day}T00:00:00Z`,
  ChargePeriodEnd: `${day}T01:00:00Z`,
});
const team = (name: string) =>
  JSON.stringify({ 'ai-platform.io/team': `group:default/${name}` });

describe.each(databases.eachSupportedId())(
  'line-item drill-down over both ingest engines on %p',
  databaseId => {
    it('answers the FOCUS sample identically, page by page and as CSV, whichever engine ingested it', async () => {
      const js = await start(databaseId, 'javascript');
      const duck = await start(databaseId, 'duckdb');
      await js.upload(sample);
      await duck.upload(sample);
      // The DuckDB path kept the line items in its Parquet file only.
      expect(
        Number((await duck.knex('cost_line_items').count({ n: '*' }))[0].n),
      ).toBe(0);
      expect(
        readdirSync(duck.directory).filter(f => f.endsWith('.parquet')),
      ).toHaveLength(1);
      expect(
        Number((await js.knex('cost_line_items').count({ n: '*' }))[0].n),
      ).toBe(1000);

      const queries = [
        `${acme}&${september}`,
        `entityRef=group:default/products&${september}&provider=AWS`,
        `${acme}&${september}&service=Amazon%20Elastic%20Compute%20Cloud`,
        `entityRef=group:default/ml-platform&from=2024-09-10&to=2024-09-20&subAccount=85742851457`,
      ];
      for (const query of queries) {
        const fromJs = await allPages(js.server, query, 37);
        const fromDuck = await allPages(duck.server, query, 37);
        expect(fromDuck).toEqual(fromJs);
        const items = fromJs.flatMap(p => p.items);
        expectDayIdOrder(items);
        const csvJs = await get(js.server, `/line-items/export.csv?${query}`);
        const csvDuck = await get(
          duck.server,
          `/line-items/export.csv?${query}`,
        );
        expect(csvDuck.status).toBe(200);
        expect(csvDuck.text).toBe(csvJs.text);
        expect(csvJs.text.trimEnd().split('\r\n')).toHaveLength(
          items.length + 1,
        );
      }
      // The organisation's line items: the three mapped teams' and the unallocated rest.
      const everything = (await allPages(js.server, queries[0], 1000)).flatMap(
        p => p.items,
      );
      expect(everything).toHaveLength(1000);
    });

    it('pages a mix of database and Parquet line items in one order, each exactly once', async () => {
      const duck = await start(databaseId, 'duckdb');
      await duck.upload(sample);
      const fromParquet = (
        await allPages(duck.server, `${acme}&${september}`, 1000)
      ).flatMap(p => p.items);
      // A row DuckDB cannot vouch for (an exponent) sends this file down the JavaScript path.
      await duck.upload(
        focusCsv([
          focusTestRow({
            ...on('2024-09-05'),
            ProviderName: 'Mixed',
            BilledCost: '1.5e2',
            Tags: team('ml-platform'),
          }),
          ...['01', '05', '18', '18', '25', '30'].map((d, i) =>
            focusTestRow({
              ...on(`2024-09-${d}`),
              ProviderName: 'Mixed',
              BilledCost: String(i + 1),
              Tags: team(i % 2 ? 'search-relevance' : 'ml-platform'),
            }),
          ),
        ]),
      );
      expect(
        Number((await duck.knex('cost_line_items').count({ n: '*' }))[0].n),
      ).toBe(7);
      const pages = await allPages(duck.server, `${acme}&${september}`, 9);
      const items = pages.flatMap(p => p.items);
      expect(items).toHaveLength(fromParquet.length + 7);
      expect(items.filter(i => i.provider !== 'Mixed')).toEqual(fromParquet);
      expect(new Set(items.map(i => i.id)).size).toBe(items.length);
      expectDayIdOrder(items);
      expect(items.filter(i => i.provider === 'Mixed')).toHaveLength(7);
      for (const page of pages.slice(0, -1)) expect(page.items).toHaveLength(9);
      // The export streams the same rows in the same order.
      const csv = await get(
        duck.server,
        `/line-items/export.csv?${acme}&${september}`,
      );
      const lines = csv.text.trimEnd().split('\r\n').slice(1);
      expect(lines.map(l => l.split(',')[0])).toEqual(items.map(i => i.day));
      expect(lines.map(l => l.split(',')[1])).toEqual(
        items.map(i => i.provider),
      );
    });

    it('shows only the latest run of a replaced period, from whichever source holds it', async () => {
      const duck = await start(databaseId, 'duckdb');
      const row = (period: string, day: string, cost: string, extra = {}) =>
        focusTestRow({
          BillingPeriodStart: `${period}-01T00:00:00Z`,
          BillingPeriodEnd: `${
            period === '2024-09' ? '2024-10' : '2024-11'
          }-01T00:00:00Z`,
          ...on(day),
          BilledCost: cost,
          Tags: team('search-relevance'),
          ...extra,
        });
      // Run 1 holds September and October in one Parquet file.
      await duck.upload(
        focusCsv([
          row('2024-09', '2024-09-10', '1'),
          row('2024-10', '2024-10-10', '2'),
        ]),
      );
      // Run 2 replaces October only (DuckDB path): run 1's file stays for September.
      await duck.upload(focusCsv([row('2024-10', '2024-10-11', '20')]));
      const costs = async () =>
        (
          await get(
            duck.server,
            `/line-items?entityRef=group:default/search-relevance&${september}`,
          )
        ).body.items.map((i: { day: string; billedCost: number }) => [
          i.day,
          i.billedCost,
        ]);
      expect(await costs()).toEqual([
        ['2024-09-10', 1],
        ['2024-10-11', 20],
      ]);
      // Run 3 replaces September through the JavaScript path (an exponent).
      await duck.upload(
        focusCsv([
          row('2024-09', '2024-09-12', '3e1'),
          row('2024-09', '2024-09-13', '4'),
        ]),
      );
      expect(await costs()).toEqual([
        ['2024-09-12', 30],
        ['2024-09-13', 4],
        ['2024-10-11', 20],
      ]);
      // No period refers to run 1's file any more: it is gone.
      expect(
        readdirSync(duck.directory).filter(f => f.endsWith('.parquet')),
      ).toHaveLength(1);
      // Run 4 replaces September through DuckDB again: the database rows go.
      await duck.upload(focusCsv([row('2024-09', '2024-09-14', '5')]));
      expect(await costs()).toEqual([
        ['2024-09-14', 5],
        ['2024-10-11', 20],
      ]);
      expect(
        Number((await duck.knex('cost_line_items').count({ n: '*' }))[0].n),
      ).toBe(0);
    });

    it('treats hostile filter values as data on the Parquet path', async () => {
      const duck = await start(databaseId, 'duckdb');
      const hostile = `O'Brien"; DROP TABLE cost_daily; --`;
      await duck.upload(
        focusCsv([
          focusTestRow({
            ...on('2024-09-03'),
            ServiceName: hostile,
            Tags: team('search-relevance'),
          }),
          focusTestRow({ ...on('2024-09-04'), Tags: team('search-relevance') }),
        ]),
      );
      const base = `/line-items?entityRef=group:default/search-relevance&${september}`;
      const exact = await get(
        duck.server,
        `${base}&service=${encode(hostile)}`,
      );
      expect(exact.status).toBe(200);
      expect(exact.body.items.map((i: any) => i.serviceName)).toEqual([
        hostile,
      ]);
      for (const [field, value] of [
        ['service', `x' OR '1'='1`],
        ['service', '%'],
        ['subAccount', `') OR true --`],
        ['provider', '../../../../etc/passwd'],
        ['provider', `*`],
        ['service', `$1`],
      ]) {
        const res = await get(duck.server, `${base}&${field}=${encode(value)}`);
        expect([field, value, res.status, res.body.items]).toEqual([
          field,
          value,
          200,
          [],
        ]);
      }
      const control = await get(
        duck.server,
        `${base}&provider=${encode('AWS\u0000')}`,
      );
      expect(control.status).toBe(400);
      expect(control.body.error.message).toMatch(
        /provider: must not contain control characters/,
      );
      const cursor = await get(duck.server, `${base}&after=2024-09-03~1'`);
      expect(cursor.status).toBe(400);
      expect(cursor.body.error.message).toMatch(
        /after: must be the next cursor/,
      );
      expect(await duck.knex.schema.hasTable('cost_daily')).toBe(true);
      // Permissions are the same as for the database's line items.
      const refused = await get(
        duck.server,
        `/line-items/export.csv?entityRef=group:default/conversational-ai&${september}`,
        users.sam,
      );
      expect(refused.status).toBe(403);
    });
  },
);
