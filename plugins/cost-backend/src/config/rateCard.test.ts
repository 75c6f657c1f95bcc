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
          cluster: '*',
          gpuClass: 'h100',
          migProfile: '1g.10gb',
          hourlyRate: 0.7,
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
      0.7,
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
  ])('refuses an invalid rate card naming the field (%#)', (value, message) => {
    expect(() => parseRateCard(value, 'cost.gpu.rateCard')).toThrow(message);
  });
});
