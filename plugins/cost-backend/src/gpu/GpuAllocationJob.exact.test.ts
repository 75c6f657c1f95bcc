import { parseNanos } from '@ai-platform/plugin-ai-platform-common';
import { createTestDatabases } from '@ai-platform/test-utils';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import fc from 'fast-check';
import { testEntities } from '../__fixtures__/entities';
import { CatalogCostOrganisation } from '../catalog/CatalogCostOrganisation';
import { parseRateCard } from '../config/rateCard';
import { openCostStores } from '../database/openCostStores';
import { DailyFilter, GpuCostStore, GpuDailyRow } from '../database/types';
import { nanosToAmount } from '../money/nanosToAmount';
import { createCostServices } from '../service/createCostServices';
import { GpuAllocationJob } from './GpuAllocationJob';
import { GpuUsageSource } from './GpuUsageSource';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const HOUR_MS = 3_600_000n;
const DAY_MS = 86_400_000;

const grant = (overrides: Partial<GpuRequest>): GpuRequest => ({
  id: '11111111-1111-4111-8111-111111111111',
  team: 'group:default/search-relevance',
  entityRef: 'component:default/search-ranker-training',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 3,
  durationHours: 120,
  purpose: 'training',
  dataClassification: 'internal',
  justification: 'test',
  status: 'active',
  requestedBy: 'user:default/sam',
  createdAt: '2025-06-01T00:00:00Z',
  updatedAt: '2025-06-01T00:00:00Z',
  gpuHours: 360,
  estimatedCost: 0,
  requiresApproval: false,
  ...overrides,
});

/** Grants and utilisation as the upstream backends would give them. */
const sourceOf = (
  grants: GpuRequest[],
  utilisation: number | null,
): GpuUsageSource => ({
  grants: async () => grants,
  utilisation: async () => utilisation,
});

/** Keeps what the job writes, for properties that need no database. */
class RecordedGpuDays implements GpuCostStore {
  rows: GpuDailyRow[] = [];
  async replaceGpuDays(options: { rows: GpuDailyRow[] }): Promise<void> {
    this.rows = options.rows;
  }
  async queryGpu(filter: DailyFilter): Promise<GpuDailyRow[]> {
    return this.rows.filter(r => r.day >= filter.from && r.day <= filter.to);
  }
}

const rateCardOf = (hourlyRate: number) =>
  parseRateCard(
    {
      currency: 'USD',
      rates: [
        {
          cluster: '*',
          gpuClass: 'h100',
          hourlyRate,
          effectiveFrom: '2025-01-01',
        },
      ],
    },
    'test',
  );

/** The whole grant priced once: ms × GPUs × rate / 1 h, rounded half up. */
const wholePrice = (ms: number, count: number, rate: number) => {
  const numerator =
    BigInt(ms) * BigInt(count) * BigInt(parseNanos(String(rate))!);
  return (2n * numerator + HOUR_MS) / (2n * HOUR_MS);
};

const sum = (rows: GpuDailyRow[], f: (r: GpuDailyRow) => bigint) =>
  rows.reduce((s, r) => s + f(r), 0n);

describe('GpuAllocationJob prices exactly', () => {
  const now = Date.parse('2025-06-30T12:00:00Z');

  it('splits a grant over days whose prices add up to the whole interval', async () => {
    await fc.assert(
      fc.asyncProperty(
        // A start within June, held for up to 20 days, to the millisecond.
        fc.integer({ min: 0, max: 28 * DAY_MS }),
        fc.integer({ min: 1, max: 20 * DAY_MS }),
        fc.integer({ min: 1, max: 16 }),
        // Rates with up to four decimals, e.g. 4.1, 0.7, 2.3456.
        fc.integer({ min: 1, max: 200_000 }).map(n => n / 10_000),
        fc.option(fc.double({ min: 0, max: 100, noNaN: true }), {
          nil: null,
        }),
        async (offset, heldMs, count, rate, utilisation) => {
          const start = Date.parse('2025-06-01T00:00:00Z') + offset;
          const end = Math.min(start + heldMs, now);
          const recorded = new RecordedGpuDays();
          await GpuAllocationJob.create({
            store: recorded,
            source: sourceOf(
              [
                grant({
                  count,
                  activeSince: new Date(start).toISOString(),
                  endedAt: new Date(start + heldMs).toISOString(),
                }),
              ],
              utilisation,
            ),
            rateCard: rateCardOf(rate),
            lookbackDays: 31,
            logger: mockServices.logger.mock(),
            now: () => new Date(now),
          }).run();
          const rows = recorded.rows;
          expect(sum(rows, r => r.allocatedCostNanos)).toBe(
            wholePrice(end - start, count, rate),
          );
          for (const r of rows) {
            expect(r.hourlyRateNanos).toBe(BigInt(parseNanos(String(rate))!));
            expect(r.usedCostNanos >= 0n).toBe(true);
            expect(r.usedCostNanos <= r.allocatedCostNanos).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('prices a day the same whichever window recomputes it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20 * DAY_MS }),
        fc.integer({ min: 1, max: 200_000 }).map(n => n / 10_000),
        fc.integer({ min: 1, max: 10 }),
        async (offset, rate, lookbackDays) => {
          const grants = [
            grant({
              activeSince: new Date(
                Date.parse('2025-06-01T00:00:00Z') + offset,
              ).toISOString(),
            }),
          ];
          const runWith = async (days: number) => {
            const recorded = new RecordedGpuDays();
            await GpuAllocationJob.create({
              store: recorded,
              source: sourceOf(grants, 40),
              rateCard: rateCardOf(rate),
              lookbackDays: days,
              logger: mockServices.logger.mock(),
              now: () => new Date(now),
            }).run();
            return recorded.rows;
          };
          const long = await runWith(31);
          const short = await runWith(lookbackDays);
          const shortDays = new Set(short.map(r => r.day));
          expect(short).toEqual(long.filter(r => shortDays.has(r.day)));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe.each(databases.eachSupportedId())(
  'GpuAllocationJob exact sums on %p',
  databaseId => {
    it('stores, rolls up and reports a grant split over days to the nano-unit', async () => {
      const knex = await databases.init(databaseId);
      const stores = await openCostStores({
        database: mockServices.database({ knex }),
      });
      // 3 GPUs at 0.7 from 05:17:31.007 on the 3rd to 19:02:00.001 on the 7th:
      // 4 days 13 h 44 min 28.994 s, 13.7237… GPU-hours a day at an awkward rate.
      const activeSince = '2025-06-03T05:17:31.007Z';
      const endedAt = '2025-06-07T19:02:00.001Z';
      const nowDate = new Date('2025-06-10T00:00:00Z');
      const logger = mockServices.logger.mock();
      await GpuAllocationJob.create({
        store: stores.gpu,
        source: sourceOf(
          [grant({ count: 3, activeSince, endedAt }), grant({ id: 'x' })],
          33.33,
        ),
        rateCard: rateCardOf(0.7),
        lookbackDays: 10,
        logger,
        now: () => nowDate,
      }).run();

      const whole = wholePrice(
        Date.parse(endedAt) - Date.parse(activeSince),
        3,
        0.7,
      );
      const rows = await stores.gpu.queryGpu({
        from: '2025-06-01',
        to: '2025-06-10',
      });
      expect(rows.map(r => r.day)).toEqual([
        '2025-06-03',
        '2025-06-04',
        '2025-06-05',
        '2025-06-06',
        '2025-06-07',
      ]);
      expect(sum(rows, r => r.allocatedCostNanos)).toBe(whole);
      // The roll-up sums the stored nano-units, with no rounding of its own.
      const daily = await stores.daily.queryDaily({
        filter: { from: '2025-06-01', to: '2025-06-10' },
        metric: 'billed',
      });
      expect(daily.reduce((s, r) => s + r.nanos, 0n)).toBe(whole);

      const costs = createCostServices({
        stores,
        organisation: CatalogCostOrganisation.create({
          catalog: catalogServiceMock({ entities: testEntities }),
          auth: mockServices.auth(),
        }),
        permissions: mockServices.permissions(),
        auditor: mockServices.auditor.mock(),
        auth: mockServices.auth(),
        logger,
        currency: 'USD',
        now: () => nowDate,
      });
      const waste = await costs.idleWaste.idleWaste(
        {
          entityRef: 'group:default/products',
          from: '2025-06-01',
          to: '2025-06-10',
        },
        { credentials: mockCredentials.user('user:default/fin') },
      );
      const used = sum(rows, r => r.usedCostNanos);
      expect(waste).toMatchObject({
        allocatedCost: nanosToAmount(whole),
        usedCost: nanosToAmount(used),
        idleCost: nanosToAmount(whole - used),
      });
      expect(waste.items).toHaveLength(1);
      expect(waste.items[0].allocatedCost).toBe(nanosToAmount(whole));
    });
  },
);
