import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createTestDatabases } from '@ai-platform/test-utils';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { testEntities } from '../__fixtures__/entities';
import { CatalogCostOrganisation } from '../catalog/CatalogCostOrganisation';
import { readCostConfig } from '../config/CostConfig';
import { parseRateCard } from '../config/rateCard';
import { openCostStores } from '../database/openCostStores';
import { FocusIngester } from '../ingest/FocusIngester';
import { LineItemAllocator } from '../ingest/LineItemAllocator';
import { createCostServices } from '../service/createCostServices';
import { GpuAllocationJob, grantHoursOn } from './GpuAllocationJob';
import { BackendGpuUsageSource } from './GpuUsageSource';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const grant = (overrides: Partial<GpuRequest>): GpuRequest => ({
  id: '11111111-1111-4111-8111-111111111111',
  team: 'group:default/search-relevance',
  entityRef: 'component:default/search-ranker-training',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 2,
  durationHours: 72,
  purpose: 'training',
  dataClassification: 'internal',
  justification: 'test',
  status: 'active',
  requestedBy: 'user:default/sam',
  createdAt: '2025-06-08T05:00:00Z',
  updatedAt: '2025-06-08T06:00:00Z',
  gpuHours: 144,
  estimatedCost: 648,
  requiresApproval: false,
  activeSince: '2025-06-08T06:00:00Z',
  expiresAt: '2025-06-11T06:00:00Z',
  ...overrides,
});

const grants = [
  grant({}),
  grant({
    id: '22222222-2222-4222-8222-222222222222',
    team: 'group:default/conversational-ai',
    entityRef: undefined,
    cluster: 'gpu-dev',
    gpuClass: 'h100',
    migProfile: '1g.10gb',
    count: 4,
    activeSince: '2025-06-09T00:00:00Z',
    endedAt: '2025-06-09T10:00:00Z',
  }),
  grant({
    id: '33333333-3333-4333-8333-333333333333',
    activeSince: undefined,
    status: 'pending-approval',
  }),
];

/** A local stand-in for the gpu-provisioning and gpu-metrics backends. */
async function startUpstream() {
  const seen: Array<{ url: string; authorization?: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    seen.push({ url: req.url!, authorization: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/gpu-provisioning/requests?scope=all') {
      res.end(JSON.stringify({ items: grants }));
    } else if (req.url?.startsWith('/api/gpu-metrics/entity?')) {
      res.end(JSON.stringify({ utilisation: { mean: 25, max: 90 } }));
    } else if (req.url?.startsWith('/api/gpu-metrics/group?')) {
      res.statusCode = 503;
      res.end(
        JSON.stringify({
          error: {
            name: 'ServiceUnavailableError',
            message: 'Prometheus down',
          },
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, seen, base: `http://127.0.0.1:${port}/api` };
}

describe('grantHoursOn', () => {
  it.each([
    ['2025-06-08', 36],
    ['2025-06-09', 48],
    ['2025-06-10', 24],
    ['2025-06-11', 0],
  ])('counts the GPU-hours of %s', (day, hours) => {
    expect(
      grantHoursOn(grant({}), day, Date.parse('2025-06-10T12:00:00Z')),
    ).toBe(hours);
  });
});

describe.each(databases.eachSupportedId())(
  'GpuAllocationJob on %p',
  databaseId => {
    let upstream: Awaited<ReturnType<typeof startUpstream>>;
    beforeAll(async () => {
      upstream = await startUpstream();
    });
    afterAll(() => upstream.server.close());

    it('prices grants, weights them by utilisation and exports them as FOCUS rows that ingest back', async () => {
      const knex = await databases.init(databaseId);
      const store = await openCostStores({
        database: mockServices.database({ knex }),
      });
      const logger = mockServices.logger.mock();
      const source = BackendGpuUsageSource.create({
        discovery: {
          getBaseUrl: async id => `${upstream.base}/${id}`,
          getExternalBaseUrl: async id => `${upstream.base}/${id}`,
        },
        auth: mockServices.auth({ pluginId: 'cost' }),
      });
      const rateCard = parseRateCard(
        {
          currency: 'USD',
          rates: [
            {
              cluster: 'gpu-prod',
              gpuClass: 'h100',
              hourlyRate: 4.5,
              effectiveFrom: '2025-01-01',
            },
            {
              // MIG instances on gpu-dev pay 1/7 of this per 1g slice: 0.6.
              cluster: 'gpu-dev',
              gpuClass: 'h100',
              hourlyRate: 4.2,
              effectiveFrom: '2025-01-01',
            },
          ],
        },
        'test',
      );
      const now = () => new Date('2025-06-10T12:00:00Z');
      const job = GpuAllocationJob.create({
        store: store.gpu,
        source,
        rateCard,
        lookbackDays: 3,
        logger,
        now,
      });
      await expect(job.run()).resolves.toEqual({
        from: '2025-06-08',
        to: '2025-06-10',
        rows: 4,
        unpriced: 0,
      });
      // Re-running replaces the days rather than adding to them.
      await job.run();

      expect(upstream.seen[0].authorization).toMatch(
        /^Bearer .*"target":"gpu-provisioning"/,
      );
      expect(
        upstream.seen.some(s =>
          s.url.startsWith(
            '/api/gpu-metrics/entity?window=7d&entityRef=component%3Adefault%2Fsearch-ranker-training',
          ),
        ),
      ).toBe(true);

      const costs = createCostServices({
        stores: store,
        organisation: CatalogCostOrganisation.create({
          catalog: catalogServiceMock({ entities: testEntities }),
          auth: mockServices.auth(),
        }),
        permissions: mockServices.permissions(),
        auditor: mockServices.auditor.mock(),
        auth: mockServices.auth(),
        logger,
        currency: 'USD',
        now,
      });
      const ctx = { credentials: mockCredentials.user('user:default/fin') };
      const waste = await costs.idleWaste.idleWaste(
        {
          entityRef: 'group:default/products',
          from: '2025-06-08',
          to: '2025-06-10',
        },
        ctx,
      );
      // search-relevance: 108 GPU-hours × 4.5 = 486, 25 % used.
      // conversational-ai: 10 h × 4 MIG 1g instances × 4.2 / 7 = 24, no utilisation (metrics down) = all idle.
      expect(waste).toMatchObject({
        gpuHoursAllocated: 148,
        gpuHoursUsed: 27,
        allocatedCost: 510,
        usedCost: 121.5,
        idleCost: 388.5,
      });
      expect(
        waste.items.map(i => [i.entityRef, i.team, i.gpuClass, i.idleCost]),
      ).toEqual([
        [
          'component:default/search-ranker-training',
          'group:default/search-relevance',
          'h100',
          364.5,
        ],
        ['unallocated', 'group:default/conversational-ai', 'h100/1g.10gb', 24],
      ]);
      expect(waste.points).toEqual([
        { date: '2025-06-08', amount: 121.5 },
        { date: '2025-06-09', amount: 186 },
        { date: '2025-06-10', amount: 81 },
      ]);

      const report = await costs.reports.costs(
        {
          entityRef: 'group:default/products',
          from: '2025-06-08',
          to: '2025-06-10',
          granularity: 'day',
          splitBy: 'service',
          metric: 'billed',
        },
        ctx,
      );
      expect(report.total).toBe(510);
      expect(report.series.map(s => s.key)).toEqual(['Kubernetes GPU']);

      const csv = await costs.focusExport.focusExport(
        { from: '2025-06-08', to: '2025-06-10' },
        ctx,
      );
      const lines = csv.trim().split('\r\n');
      expect(lines).toHaveLength(5);

      // The export is valid FOCUS: our own ingester reads it back to the same totals.
      const otherKnex = await databases.init(databaseId);
      const other = await openCostStores({
        database: mockServices.database({ knex: otherKnex }),
      });
      const ingester = FocusIngester.create({
        stores: other,
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
      const run = await ingester.ingest({
        source: 'kubernetes',
        fileName: 'k8s.csv',
        stream: Readable.from([Buffer.from(csv)]),
      });
      expect(run.errors).toEqual([]);
      expect(run.focusVersion).toBe('1.2');
      const byTeam = await other.daily.queryDaily({
        filter: { from: '2025-06-01', to: '2025-06-30' },
        groupBy: 'team',
        metric: 'billed',
      });
      // Exact to the nano-unit: the export writes decimals, not doubles.
      const sums = Object.fromEntries(
        [
          'group:default/search-relevance',
          'group:default/conversational-ai',
        ].map(t => [
          t,
          byTeam.filter(r => r.key === t).reduce((s, r) => s + r.nanos, 0n),
        ]),
      );
      expect(sums).toEqual({
        'group:default/search-relevance': 486_000_000_000n,
        'group:default/conversational-ai': 24_000_000_000n,
      });
    });
  },
);
