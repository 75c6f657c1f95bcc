import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseRateCard, rateCardSchema, rateFor } from './rateCard';

const published = JSON.parse(
  readFileSync(join(__dirname, '../../schema/rate-card.schema.json'), 'utf8'),
);

describe('rate card', () => {
  it('publishes the schema it validates with', () => {
    const { $schema: _s, $id: _i, title: _t, ...schema } = published;
    const { $schema: _s2, ...generated } = z.toJSONSchema(
      rateCardSchema,
    ) as Record<string, unknown>;
    expect(schema).toEqual(generated);
  });

  const card = parseRateCard(
    {
      currency: 'USD',
      rates: [
        {
          cluster: '*',
          gpuClass: 'h100',
          hourlyRate: 4,
          effectiveFrom: '2025-01-01',
        },
        {
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          hourlyRate: 4.5,
          effectiveFrom: '2025-01-01',
          effectiveTo: '2026-01-01',
        },
        {
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          hourlyRate: 3.9,
          effectiveFrom: '2026-01-01',
        },
        {
          // 1/7 of gpu-dev's 4 (0.571428571428…), to the nano-unit.
          cluster: 'gpu-dev',
          gpuClass: 'h100',
          migProfile: '1g.10gb',
          hourlyRate: 0.571428571,
          effectiveFrom: '2025-01-01',
        },
      ],
    },
    'test',
  );

  it.each([
    [{ cluster: 'gpu-prod', gpuClass: 'h100', day: '2025-06-01' }, 4.5],
    [{ cluster: 'gpu-prod', gpuClass: 'h100', day: '2026-01-01' }, 3.9],
    [{ cluster: 'gpu-dev', gpuClass: 'h100', day: '2025-06-01' }, 4],
    [
      {
        cluster: 'gpu-dev',
        gpuClass: 'h100',
        migProfile: '1g.10gb',
        day: '2025-06-01',
      },
      0.571428571,
    ],
    [{ cluster: 'gpu-dev', gpuClass: 'h100', day: '2024-12-31' }, undefined],
    [{ cluster: 'gpu-dev', gpuClass: 'a100', day: '2025-06-01' }, undefined],
  ])('prices %o at %p', (query, rate) => {
    expect(rateFor(card, query)).toBe(rate);
  });

  it.each([
    [
      { currency: 'usd', rates: [] },
      /currency: must be an ISO 4217 code.*rates: Too small/,
    ],
    [
      {
        currency: 'USD',
        rates: [
          {
            cluster: '*',
            gpuClass: 'h100',
            hourlyRate: -1,
            effectiveFrom: '2025-01-01',
          },
        ],
      },
      /rates.0.hourlyRate/,
    ],
    [
      {
        currency: 'USD',
        rates: [
          {
            cluster: '*',
            gpuClass: 'h100',
            hourlyRate: 1,
            effectiveFrom: '2025-01-01',
            effectiveTo: '2024-01-01',
          },
        ],
      },
      /rates.0.effectiveTo: effectiveTo must be after effectiveFrom/,
    ],
    [
      {
        currency: 'USD',
        rates: [
          {
            cluster: '*',
            gpuClass: 'h100',
            hourlyRate: 1,
            effectiveFrom: '2025-1-1',
          },
        ],
      },
      /rates.0.effectiveFrom: must be a date/,
    ],
    [
      {
        currency: 'USD',
        rates: [
          {
            cluster: '*',
            gpu: 'h100',
            hourlyRate: 1,
            effectiveFrom: '2025-01-01',
          },
        ],
      },
      /rates.0/,
    ],
    [
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
            cluster: '*',
            gpuClass: 'h100',
            migProfile: '1g.10gb',
            hourlyRate: 0.7,
            effectiveFrom: '2025-01-01',
          },
        ],
      },
      /rates.1.hourlyRate: 0.7 is not 1\/7 of the h100 rate 4.5 on clusters without their own rate from 2025-01-01 \(0.642857143\); remove it/,
    ],
    [
      // Agrees with the '*' rate, not with gpu-dev's own, where it applies too.
      {
        currency: 'USD',
        rates: [
          {
            cluster: '*',
            gpuClass: 'h100',
            hourlyRate: 4.2,
            effectiveFrom: '2025-01-01',
          },
          {
            cluster: 'gpu-dev',
            gpuClass: 'h100',
            hourlyRate: 3.5,
            effectiveFrom: '2026-01-01',
          },
          {
            cluster: '*',
            gpuClass: 'h100',
            migProfile: '1g.10gb',
            hourlyRate: 0.6,
            effectiveFrom: '2025-01-01',
          },
        ],
      },
      /rates.2.hourlyRate: 0.6 is not 1\/7 of the h100 rate 3.5 on gpu-dev from 2026-01-01 \(0.5\)/,
    ],
    [
      {
        currency: 'USD',
        rates: [
          {
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            migProfile: '2g.20gb',
            hourlyRate: 1,
            effectiveFrom: '2025-01-01',
          },
        ],
      },
      /rates.0: no whole-GPU rate of h100 on gpu-prod on 2025-01-01 for the 2g.20gb rate to be a share of/,
    ],
    [
      {
        currency: 'USD',
        rates: [
          {
            cluster: '*',
            gpuClass: 'l40s',
            migProfile: '1g.10gb',
            hourlyRate: 1,
            effectiveFrom: '2025-01-01',
          },
          {
            cluster: '*',
            gpuClass: 'h100',
            migProfile: '5g.50gb',
            hourlyRate: 1,
            effectiveFrom: '2025-01-01',
          },
        ],
      },
      /rates.0.migProfile: 'l40s' is not a known MIG-capable GPU.*; rates.1.migProfile: '5g.50gb' is not a MIG profile of the H100/,
    ],
  ])('refuses an invalid rate card naming the field (%#)', (value, message) => {
    expect(() => parseRateCard(value, 'cost.gpu.rateCard')).toThrow(message);
  });
});
