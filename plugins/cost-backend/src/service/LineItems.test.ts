import { gzipSync } from 'node:zlib';
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

jest.setTimeout(120_000);

const databases = createTestDatabases();

const tags = (team: string) => JSON.stringify({ 'ai-platform.io/team': team });
const on = (day: string) => ({
  ChargePeriodStart: `${day}T00:00:00Z`,
  ChargePeriodEnd: `${day}T01:00:00Z`,
});

// Five line items of Search Relevance over three days, one of another team.
const billing = focusCsv([
  focusTestRow({
    ...on('2024-09-03'),
    BilledCost: '0.00063772121',
    Tags: tags('search-relevance'),
  }),
  focusTestRow({
    ...on('2024-09-02'),
    BilledCost: '-12.5',
    ServiceName: '=HYPERLINK("x")',
    Tags: tags('search-relevance'),
  }),
  focusTestRow({
    ...on('2024-09-02'),
    BilledCost: '259171.52',
    Tags: tags('search-relevance'),
  }),
  focusTestRow({
    ...on('2024-09-04'),
    BilledCost: '1',
    SubAccountId: 'sub-2',
    Tags: tags('search-relevance'),
  }),
  focusTestRow({
    ...on('2024-09-03'),
    BilledCost: '2',
    Tags: tags('search-relevance'),
  }),
  focusTestRow({
    ...on('2024-09-03'),
    BilledCost: '999',
    Tags: tags('conversational-ai'),
  }),
]);

const range = 'from=2024-09-01&to=2024-09-30';
const team = 'entityRef=group:default/search-relevance';

describe.each(databases.eachSupportedId())(
  'drill-down to line items on %p',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestCostBackend>>['server'];

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ server } = await startTestCostBackend({ knex }));
      const upload = await request(server)
        .post('/api/cost/ingest/upload?fileName=sept.csv.gz')
        .set(...as(users.fin))
        .set('Content-Type', 'application/gzip')
        .send(gzipSync(Buffer.from(billing)));
      if (upload.status !== 200) {
        throw new Error(`seed upload failed: ${JSON.stringify(upload.body)}`);
      }
    });

    const get = (path: string, user = users.pat) =>
      request(server)
        .get(`/api/cost${path}`)
        .set(...as(user));

    it("pages a team's line items in day order, every one exactly once", async () => {
      const seen: Array<[string, number]> = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const res = await get(
          `/line-items?${team}&${range}&limit=2${
            after ? `&after=${after}` : ''
          }`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(
          ...res.body.items.map(
            (i: { day: string; billedCost: number }) =>
              [i.day, i.billedCost] as [string, number],
          ),
        );
        after = res.body.next;
        pages += 1;
      } while (after && pages < 10);
      expect(pages).toBe(3);
      expect(seen.map(([day]) => day)).toEqual([
        '2024-09-02',
        '2024-09-02',
        '2024-09-03',
        '2024-09-03',
        '2024-09-04',
      ]);
      expect(seen.map(([, cost]) => cost).sort((a, b) => a - b)).toEqual([
        -12.5, 0.000637721, 1, 2, 259171.52,
      ]);
    });

    it('narrows by service and sub-account', async () => {
      const bySub = await get(`/line-items?${team}&${range}&subAccount=sub-2`);
      expect(
        bySub.body.items.map((i: { billedCost: number }) => i.billedCost),
      ).toEqual([1]);
      const byService = await get(
        // Fully encoded: the OpenAPI validator refuses a raw `(`.
        `/line-items?${team}&${range}&service=%3DHYPERLINK%28%22x%22%29`,
      );
      expect(byService.body).toMatchObject({ next: null });
      expect(byService.body.items).toEqual([
        expect.objectContaining({
          serviceName: '=HYPERLINK("x")',
          billedCost: -12.5,
          team: 'group:default/search-relevance',
        }),
      ]);
      expect(byService.body.next).toBeNull();
    });

    it('exports every line item with exact amounts and neutralised formulas', async () => {
      const res = await get(`/line-items/export.csv?${team}&${range}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="line-items-group_default_search-relevance-2024-09-01-2024-09-30.csv"',
      );
      const lines = res.text.trimEnd().split('\r\n');
      expect(lines).toHaveLength(6);
      expect(lines[0]).toMatch(
        /^day,provider,.*,billed_cost,effective_cost,entity_ref,team$/,
      );
      const cells = lines.slice(1).map(l => l.split(','));
      const billed = lines[0].split(',').indexOf('billed_cost');
      expect(cells.map(c => c[billed]).sort()).toEqual(
        ['-12.5', '0.000637721', '1', '2', '259171.52'].sort(),
      );
      expect(res.text).toContain(`"'=HYPERLINK(""x"")"`);
    });

    it.each([
      [
        `/line-items?${team}&from=2024-09-01&to=2024-12-31`,
        /to: range must be at most 92 days/,
      ],
      [
        `/line-items?${team}&${range}&after=2024-09-01~x`,
        /after: must be the next cursor/,
      ],
      [`/line-items?${team}&${range}&limit=1001`, /limit/],
      [`/line-items?${range}`, /entityRef/],
      // PostgreSQL cannot compare text with NUL: refused before the query.
      [
        `/line-items/export.csv?${team}&${range}&subAccount=%00`,
        /subAccount: must not contain control characters/,
      ],
      [
        `/line-items?${team}&${range}&service=a%0Ab`,
        /service: must not contain control characters/,
      ],
    ])('answers 400 naming the field for %s', async (path, message) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });

    it("refuses a team member another team's line items", async () => {
      const res = await get(
        `/line-items?entityRef=group:default/conversational-ai&${range}`,
        users.sam,
      );
      expect(res.status).toBe(403);
    });
  },
);
