import { parseRateCard } from '../config/rateCard';
import { priceGpuHours } from './priceGpuHours';

const card = parseRateCard(
  {
    currency: 'USD',
    rates: [
      {
        cluster: '*',
        gpuClass: 'h100',
        hourlyRate: 4.5,
        effectiveFrom: '2025-01-01',
      },
      {
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        hourlyRate: 4.1,
        effectiveFrom: '2025-01-01',
      },
    ],
  },
  'test',
);

const hours = (
  gpuClass: string | null,
  h: number,
  migProfile: string | null = null,
  cluster = 'gpu-dev',
) => ({ cluster, gpuClass, migProfile, modelName: 'm', hours: h });

describe('priceGpuHours', () => {
  it('prices whole GPUs and MIG instances by the most specific rate, exactly (MIG as a share of the GPU)', () => {
    const priced = priceGpuHours(
      {
        gpuHours: [
          hours('h100', 96),
          hours('h100', 48, '1g.10gb'),
          hours('h100', 0.1, null, 'gpu-prod'),
        ],
        gpuUtilisation: { mean: 62.5, max: 90 },
      },
      card,
      '2026-12-03',
    );
    // 96 × 4.5 + 48 × 4.5 / 7 (one of the H100's seven slices) + 0.1 × 4.1
    // = 432 + 30.857142857 (rounded once) + 0.41
    expect(priced.gpuCostNanos).toBe(463_267_142_857n);
    expect(priced.usedGpuCostNanos).toBe(289_541_964_286n);
    expect(priced.unpriced).toEqual([]);
  });

  it('names GPU-hours without a class or a rate instead of pricing them', () => {
    const priced = priceGpuHours(
      {
        gpuHours: [
          hours(null, 2),
          hours('a100', 3),
          hours('h100', 1, '5g.80gb'),
        ],
        gpuUtilisation: { mean: null, max: null },
      },
      card,
      '2026-12-03',
    );
    expect(priced.gpuCostNanos).toBe(0n);
    expect(priced.usedGpuCostNanos).toBe(0n);
    expect(priced.unpriced.map(e => e.message)).toEqual([
      '2.000 GPU-hours of GPUs of no known class have no rate in the rate card on 2026-12-03; not priced',
      '3.000 GPU-hours of a100 have no rate in the rate card on 2026-12-03; not priced',
      "1.000 GPU-hours of h100/5g.80gb cannot be priced: '5g.80gb' is not a MIG profile of the H100 (<n>g.<memory>gb with n in 1, 2, 3, 4, 7); not priced",
    ]);
  });
});
