import { Readable } from 'node:stream';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { Entity } from '@backstage/catalog-model';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEntities } from '../__fixtures__/entities';
import { CatalogCostOrganisation } from '../catalog/CatalogCostOrganisation';
import { readCostConfig } from '../config/CostConfig';
import { openCostStores } from '../database/openCostStores';
import { FocusIngester } from '../ingest/FocusIngester';
import { LineItemAllocator } from '../ingest/LineItemAllocator';
import { createCostServices } from './createCostServices';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const day = (d: string) => ({
  ChargePeriodStart: `${d}T00:00:00Z`,
  ChargePeriodEnd: `${d}T23:00:00Z`,
  BillingPeriodStart: '2025-06-01T00:00:00Z',
  BillingPeriodEnd: '2025-07-01T00:00:00Z',
});

/** search-relevance moved from products to infrastructure. */
const moved: Entity[] = testEntities.map(entity =>
  entity.kind === 'Group' && entity.metadata.name === 'search-relevance'
    ? {
        ...entity,
        spec: { ...entity.spec, parent: 'infrastructure' },
        relations: [
          { type: 'childOf', targetRef: 'group:default/infrastructure' },
        ],
      }
    : entity,
);

describe.each(databases.eachSupportedId())('CostReports on %p', databaseId => {
  it('rolls a team up under its new parent once it moves in the catalog', async () => {
    const knex = await databases.init(databaseId);
    const stores = await openCostStores({
      database: mockServices.database({ knex }),
    });
    // The catalog as it stands at each read: the org, then the org after the move.
    let entities = testEntities;
    const catalog = catalogServiceMock.mock({
      getEntities: (request, options) =>
        catalogServiceMock({ entities }).getEntities(request, options),
    });
    const organisation = CatalogCostOrganisation.create({
      catalog,
      auth: mockServices.auth(),
      ttlMs: 0,
    });
    const ingester = FocusIngester.create({
      stores,
      logger: mockServices.logger.mock(),
      allocator: async () =>
        LineItemAllocator.create({
          allocation: readCostConfig(mockServices.rootConfig({ data: {} }))
            .allocation,
          owners: await organisation.owners(),
        }),
      maxErrorRatio: 0,
      maxRecordBytes: 65536,
    });
    // Three days of 30 for search-relevance and 10 for conversational-ai.
    const rows = ['2025-06-01', '2025-06-02', '2025-06-03'].flatMap(d => [
      focusTestRow({ ...day(d), BilledCost: '30' }),
      focusTestRow({
        ...day(d),
        BilledCost: '10',
        Tags: '{"backstage.io/entity-ref":"assistant-api"}',
      }),
    ]);
    const run = await ingester.ingest({
      source: 'upload',
      fileName: 'june.csv',
      stream: Readable.from([Buffer.from(focusCsv(rows))]),
    });
    expect(run.status).toBe('succeeded');

    const { reports } = createCostServices({
      stores,
      organisation,
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      currency: 'USD',
    });
    const ctx = { credentials: mockCredentials.user('user:default/fin') };
    const rollUp = async () => {
      const query = {
        from: '2025-06-01',
        to: '2025-06-03',
        granularity: 'month' as const,
        metric: 'billed' as const,
      };
      const org = await reports.costs(
        { ...query, entityRef: 'group:default/acme', splitBy: 'childTeam' },
        ctx,
      );
      const total = async (entityRef: string) =>
        (await reports.costs({ ...query, entityRef }, ctx)).total;
      return {
        org: org.total,
        byChild: org.series.map(s => [s.key, s.total]),
        products: await total('group:default/products'),
        infrastructure: await total('group:default/infrastructure'),
      };
    };

    await expect(rollUp()).resolves.toEqual({
      org: 120,
      byChild: [['group:default/products', 120]],
      products: 120,
      infrastructure: 0,
    });

    entities = moved;
    // The stored costs stay with the team; the roll-up follows the catalog.
    await expect(rollUp()).resolves.toEqual({
      org: 120,
      byChild: [
        ['group:default/infrastructure', 90],
        ['group:default/products', 30],
      ],
      products: 30,
      infrastructure: 90,
    });
  });

  it('compares whole months with the months before, read from the monthly roll-up', async () => {
    const knex = await databases.init(databaseId);
    const stores = await openCostStores({
      database: mockServices.database({ knex }),
    });
    const organisation = CatalogCostOrganisation.create({
      catalog: catalogServiceMock({ entities: testEntities }),
      auth: mockServices.auth(),
    });
    const ingester = FocusIngester.create({
      stores,
      logger: mockServices.logger.mock(),
      allocator: async () =>
        LineItemAllocator.create({
          allocation: readCostConfig(mockServices.rootConfig({ data: {} }))
            .allocation,
          owners: await organisation.owners(),
        }),
      maxErrorRatio: 0,
      maxRecordBytes: 65536,
    });
    const on = (d: string, billedCost: string) =>
      focusTestRow({
        ChargePeriodStart: `${d}T00:00:00Z`,
        ChargePeriodEnd: `${d}T23:00:00Z`,
        BillingPeriodStart: `${d.slice(0, 7)}-01T00:00:00Z`,
        BillingPeriodEnd: `${
          d.slice(0, 7) === '2025-05' ? '2025-06' : '2025-07'
        }-01T00:00:00Z`,
        BilledCost: billedCost,
      });
    // May 1st is in May but not in the 30 days before June.
    const run = await ingester.ingest({
      source: 'upload',
      fileName: 'may-june.csv',
      stream: Readable.from([
        Buffer.from(
          focusCsv([
            on('2025-05-01', '11'),
            on('2025-05-31', '5'),
            on('2025-06-10', '30'),
          ]),
        ),
      ]),
    });
    expect(run.status).toBe('succeeded');
    const { reports, topSpenders } = createCostServices({
      stores,
      organisation,
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      currency: 'USD',
    });
    const ctx = { credentials: mockCredentials.user('user:default/fin') };
    const monthlyReads: unknown[][] = [];
    knex.on('query', (q: { sql: string; bindings?: unknown[] }) => {
      if (q.sql.includes('cost_team_monthly'))
        monthlyReads.push(q.bindings ?? []);
    });
    const report = (from: string, to: string) =>
      reports.costs(
        {
          entityRef: 'group:default/products',
          from,
          to,
          granularity: 'month',
          metric: 'billed',
        },
        ctx,
      );

    const june = await report('2025-06-01', '2025-06-30');
    expect(june.change).toEqual({
      previousTotal: 16,
      amount: 14,
      ratio: 0.875,
    });
    expect(monthlyReads).toEqual(
      expect.arrayContaining([
        expect.arrayContaining(['2025-05-01', '2025-05-31']),
      ]),
    );
    const spenders = await topSpenders.topSpenders(
      {
        entityRef: 'group:default/products',
        from: '2025-06-01',
        to: '2025-06-30',
        by: 'team',
        metric: 'billed',
        limit: 5,
      },
      ctx,
    );
    expect(spenders.items.map(i => [i.amount, i.previousAmount])).toEqual([
      [30, 16],
    ]);

    // Half a month compares with the 15 days before, from the daily roll-up.
    monthlyReads.length = 0;
    const half = await report('2025-06-01', '2025-06-15');
    expect(half.change.previousTotal).toBe(5);
    expect(monthlyReads).toEqual([]);
  });
});
