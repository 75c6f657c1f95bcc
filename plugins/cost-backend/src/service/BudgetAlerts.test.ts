import { Readable } from 'node:stream';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
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

describe.each(databases.eachSupportedId())(
  'Forecasts, budgets and budget alerts on %p',
  databaseId => {
    it('forecasts the month from the days with data and notifies once when a budget is passed', async () => {
      const knex = await databases.init(databaseId);
      const store = await openCostStores({
        database: mockServices.database({ knex }),
      });
      const logger = mockServices.logger.mock();
      const catalog = catalogServiceMock({ entities: testEntities });
      const organisation = CatalogCostOrganisation.create({
        catalog,
        auth: mockServices.auth(),
      });
      const ingester = FocusIngester.create({
        stores: store,
        logger,
        allocator: async () =>
          LineItemAllocator.create({
            allocation: readCostConfig(mockServices.rootConfig({ data: {} }))
              .allocation,
            owners: await organisation.owners(),
          }),
        maxErrorRatio: 0,
        maxRecordBytes: 65536,
      });
      // Ten days of 30 a day for an entity owned by search-relevance (no team tag:
      // the owner comes from the catalog).
      const rows = Array.from({ length: 10 }, (_, i) =>
        focusTestRow({
          ...day(`2025-06-${String(i + 1).padStart(2, '0')}`),
          BilledCost: '30',
          Tags: '{"backstage.io/entity-ref":"search-ranker-training"}',
        }),
      );
      const run = await ingester.ingest({
        source: 'upload',
        fileName: 'june.csv',
        stream: Readable.from([Buffer.from(focusCsv(rows))]),
      });
      expect(run.status).toBe('succeeded');

      const sent: NotificationSendOptions[] = [];
      const costs = createCostServices({
        stores: store,
        organisation,
        permissions: mockServices.permissions(),
        auditor: mockServices.auditor.mock(),
        auth: mockServices.auth(),
        logger,
        notifications: { send: async n => void sent.push(n) },
        currency: 'USD',
        now: () => new Date('2025-06-12T08:00:00Z'),
      });
      const ctx = { credentials: mockCredentials.user('user:default/pat') };
      await expect(
        costs.forecasts.forecast(
          { entityRef: 'group:default/products', metric: 'billed' },
          ctx,
        ),
      ).resolves.toEqual({
        entityRef: 'group:default/products',
        month: '2025-06',
        currency: 'USD',
        monthToDate: 300,
        forecast: 900,
        lastDataDay: '2025-06-10',
        budget: null,
        overBudget: false,
      });

      await costs.budgets.createBudget(
        { groupRef: 'group:default/products', amount: 1000, currency: 'USD' },
        ctx,
      );
      const budget = await costs.budgets.createBudget(
        {
          groupRef: 'group:default/search-relevance',
          amount: 500,
          currency: 'USD',
        },
        ctx,
      );
      await expect(costs.budgetAlerts.checkBudgets()).resolves.toEqual([
        'group:default/search-relevance',
      ]);
      await expect(costs.budgetAlerts.checkBudgets()).resolves.toEqual([]);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        recipients: {
          type: 'entity',
          entityRef: 'group:default/search-relevance',
        },
        payload: {
          severity: 'high',
          topic: 'cost-budget',
          title: expect.stringMatching(/passes the budget/),
        },
      });
      // Changing the budget re-arms the notification.
      await costs.budgets.updateBudget(
        budget.id,
        { groupRef: budget.groupRef, amount: 600, currency: 'USD' },
        ctx,
      );
      await expect(costs.budgetAlerts.checkBudgets()).resolves.toEqual([
        'group:default/search-relevance',
      ]);

      const listed = await costs.budgets.listBudgets(
        'group:default/products',
        ctx,
      );
      expect(
        listed.budgets.map(b => [b.groupRef, b.forecast, b.overBudget]),
      ).toEqual([
        ['group:default/products', 900, false],
        ['group:default/search-relevance', 900, true],
      ]);
    });
  },
);
