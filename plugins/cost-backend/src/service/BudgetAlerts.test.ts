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
    /** Cost services over `rows` ingested for search-ranker-training (owned by search-relevance). */
    async function costsOver(rows: Array<Record<string, string>>, now: Date) {
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
      const run = await ingester.ingest({
        source: 'upload',
        fileName: 'june.csv',
        stream: Readable.from([
          Buffer.from(
            focusCsv(
              rows.map(r =>
                focusTestRow({
                  ...r,
                  Tags: '{"backstage.io/entity-ref":"search-ranker-training"}',
                }),
              ),
            ),
          ),
        ]),
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
        now: () => now,
      });
      return { costs, sent };
    }

    it('forecasts the month from the days with data and notifies once when a budget is passed', async () => {
      // Ten days of 30 a day for an entity owned by search-relevance (no team tag:
      // the owner comes from the catalog).
      const { costs, sent } = await costsOver(
        Array.from({ length: 10 }, (_, i) => ({
          ...day(`2025-06-${String(i + 1).padStart(2, '0')}`),
          BilledCost: '30',
        })),
        new Date('2025-06-12T08:00:00Z'),
      );
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

    it('compares the forecast with the budget in nano-units: equal is not over', async () => {
      // 0.13 on the month's first day forecasts 30 × 0.13 = 3.9 exactly; in
      // doubles 0.13 × 30 is 3.9000000000000004, which would pass a 3.9 budget.
      const { costs, sent } = await costsOver(
        [{ ...day('2025-06-01'), BilledCost: '0.13' }],
        new Date('2025-06-02T08:00:00Z'),
      );
      const ctx = { credentials: mockCredentials.user('user:default/pat') };
      const budget = await costs.budgets.createBudget(
        {
          groupRef: 'group:default/search-relevance',
          amount: 3.9,
          currency: 'USD',
        },
        ctx,
      );
      expect(budget.amount).toBe(3.9);
      expect(budget).not.toHaveProperty('amountNanos');
      await expect(costs.budgetAlerts.checkBudgets()).resolves.toEqual([]);
      const [status] = (
        await costs.budgets.listBudgets('group:default/search-relevance', ctx)
      ).budgets;
      expect(status).toMatchObject({
        amount: 3.9,
        forecast: 3.9,
        overBudget: false,
      });
      expect(JSON.parse(JSON.stringify(status))).toEqual(status);

      // One nano-unit less and the forecast passes it.
      await costs.budgets.updateBudget(
        budget.id,
        { groupRef: budget.groupRef, amount: 3.899999999, currency: 'USD' },
        ctx,
      );
      await expect(costs.budgetAlerts.checkBudgets()).resolves.toEqual([
        'group:default/search-relevance',
      ]);
      expect(sent[0].payload.description).toContain('budget 3.90 USD');
    });

    it.each([
      [1e10, /^Invalid body: amount: must be at most 9223372036\.854775807$/],
      [1e-10, /^Invalid body: amount: must be at least 0\.000000001$/],
    ])(
      'refuses a budget of %p that does not fit nano-units, naming amount',
      async (amount, message) => {
        const { costs } = await costsOver(
          [{ ...day('2025-06-01'), BilledCost: '1' }],
          new Date('2025-06-02T08:00:00Z'),
        );
        const ctx = { credentials: mockCredentials.user('user:default/pat') };
        await expect(
          costs.budgets.createBudget(
            {
              groupRef: 'group:default/search-relevance',
              amount,
              currency: 'USD',
            },
            ctx,
          ),
        ).rejects.toMatchObject({
          name: 'InputError',
          message: expect.stringMatching(message),
        });
      },
    );
  },
);
