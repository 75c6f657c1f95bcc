import { parseNanos } from '@ai-platform/plugin-ai-platform-common';
import { mockServices } from '@backstage/backend-test-utils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import fc from 'fast-check';
import { parseRateCard } from '../config/rateCard';
import { DailyFilter, GpuCostStore, GpuDailyRow } from '../database/types';
import { GpuAllocationJob } from './GpuAllocationJob';

const HOUR_MS = 3_600_000n;
const DAY_MS = 86_400_000;

const grant = (overrides: Partial<GpuRequest>): GpuRequest => ({
  id: 'whole',
  team: 'group:default/search-relevance',
  entityRef: 'component:default/search-embedding-service',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 1,
  durationHours: 720,
  purpose: 'inference',
  dataClassification: 'internal',
  justification: 'test',
  status: 'active',
  requestedBy: 'user:default/sam',
  createdAt: '2025-06-01T00:00:00Z',
  updatedAt: '2025-06-01T00:00:00Z',
  gpuHours: 720,
  estimatedCost: 0,
  requiresApproval: false,
  ...overrides,
});

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

/** Runs the job over `grants` and returns each grant's total allocated cost. */
async function priceGrants(grants: GpuRequest[], rate: number) {
  const recorded = new RecordedGpuDays();
  const logger = mockServices.logger.mock();
  const summary = await GpuAllocationJob.create({
    store: recorded,
    source: { grants: async () => grants, utilisation: async () => 50 },
    rateCard: rateCardOf(rate),
    lookbackDays: 31,
    logger,
    now: () => new Date('2025-06-30T12:00:00Z'),
  }).run();
  const totals = new Map<string, bigint>();
  for (const r of recorded.rows) {
    totals.set(r.grantId, (totals.get(r.grantId) ?? 0n) + r.allocatedCostNanos);
  }
  return { totals, rows: recorded.rows, summary, logger };
}

// The demo's all-balanced H100 layout: 1g.10gb × 2, 2g.20gb, 3g.40gb.
const layout = (activeSince: string, endedAt: string) => [
  grant({ id: '1g', migProfile: '1g.10gb', count: 2, activeSince, endedAt }),
  grant({ id: '2g', migProfile: '2g.20gb', activeSince, endedAt }),
  grant({ id: '3g', migProfile: '3g.40gb', activeSince, endedAt }),
];

describe('GpuAllocationJob prices MIG instances as shares of their GPU', () => {
  it('prices a day of the demo layout at 1/7 of the H100 rate per slice', async () => {
    const { totals, rows } = await priceGrants(
      [
        ...layout('2025-06-10T00:00:00Z', '2025-06-11T00:00:00Z'),
        grant({
          activeSince: '2025-06-10T00:00:00Z',
          endedAt: '2025-06-11T00:00:00Z',
        }),
      ],
      4.2,
    );
    // 24 h × 4.2 = 100.8 a GPU: 2 × 14.4, 28.8, 43.2; slices add up to it.
    expect(Object.fromEntries(totals)).toEqual({
      '1g': 28_800_000_000n,
      '2g': 28_800_000_000n,
      '3g': 43_200_000_000n,
      whole: 100_800_000_000n,
    });
    expect(
      rows.map(r => [r.gpuClass, r.gpuHoursAllocated, r.hourlyRateNanos]),
    ).toEqual([
      ['h100/1g.10gb', 48, 600_000_000n],
      ['h100/2g.20gb', 24, 1_200_000_000n],
      ['h100/3g.40gb', 24, 1_800_000_000n],
      ['h100', 24, 4_200_000_000n],
    ]);
  });

  it('charges each MIG grant its exact share rounded once, so a full layout costs the GPU price to within a nano-unit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20 * DAY_MS }),
        fc.integer({ min: 1, max: 8 * DAY_MS }),
        // Rates with up to four decimals, e.g. 4.5, 0.7, 2.3456.
        fc.integer({ min: 1, max: 200_000 }).map(n => n / 10_000),
        async (offset, heldMs, rate) => {
          const start = Date.parse('2025-06-01T00:00:00Z') + offset;
          const since = new Date(start).toISOString();
          const until = new Date(start + heldMs).toISOString();
          const { totals } = await priceGrants(
            [
              ...layout(since, until),
              grant({ activeSince: since, endedAt: until }),
            ],
            rate,
          );
          const rateNanos = BigInt(parseNanos(String(rate))!);
          const exactShare = (instances: bigint, slices: bigint) => {
            const numerator = BigInt(heldMs) * instances * slices * rateNanos;
            const divisor = 7n * HOUR_MS;
            return (2n * numerator + divisor) / (2n * divisor);
          };
          expect(totals.get('1g')).toBe(exactShare(2n, 1n));
          expect(totals.get('2g')).toBe(exactShare(1n, 2n));
          expect(totals.get('3g')).toBe(exactShare(1n, 3n));
          const slices =
            totals.get('1g')! + totals.get('2g')! + totals.get('3g')!;
          const gpu = totals.get('whole')!;
          expect(slices - gpu <= 1n && gpu - slices <= 1n).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('leaves a MIG grant of a profile its GPU does not have unpriced, and says why', async () => {
    // h100 has a rate; 5 compute slices is no H100 profile.
    const { rows, summary, logger } = await priceGrants(
      [
        grant({
          migProfile: '5g.50gb',
          activeSince: '2025-06-10T00:00:00Z',
          endedAt: '2025-06-11T00:00:00Z',
        }),
      ],
      4.2,
    );
    expect(rows).toEqual([]);
    expect(summary.unpriced).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'MIG grants cannot be priced as a share of their GPU',
      expect.objectContaining({
        gpuClass: 'h100',
        migProfile: '5g.50gb',
        reason: expect.stringMatching(/not a MIG profile of the H100/),
      }),
    );
  });
});
