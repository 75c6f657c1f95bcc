import fc from 'fast-check';
import { splitServingCost } from './splitServingCost';
import { ServingFigures } from './types';

const figures = (
  totals: Partial<ServingFigures['totals']>,
  consumers: ServingFigures['consumers'],
  unattributed = { inputTokens: 0, outputTokens: 0 },
): ServingFigures => ({
  totals: {
    inputTokens: 0,
    outputTokens: 0,
    prefillSeconds: 0,
    decodeSeconds: 0,
    gpuUtilisation: { mean: null, max: null },
    gpuHours: [],
    ...totals,
  },
  consumers,
  unattributed,
});

const sumOf = (split: ReturnType<typeof splitServingCost>) =>
  split.consumers.reduce((s, c) => s + c.costNanos, 0n) +
  split.unattributed.costNanos;

describe('splitServingCost', () => {
  it('splits the demo shared-llm-inference day exactly: 4 H100s × 24 h × 4.5', () => {
    // The demo topology: assistant-api 45 %, recs-serving 25 %,
    // search-embedding-service 15 % of the gateway's tokens, 15 % unnamed.
    const gpuCost = 432_000_000_000n; // 96 GPU-hours × 4.5
    const inputTokens = 120_000_000;
    const outputTokens = 30_000_000;
    const share = (p: number) => ({
      inputTokens: inputTokens * p,
      outputTokens: outputTokens * p,
    });
    const split = splitServingCost(
      gpuCost,
      figures(
        {
          inputTokens,
          outputTokens,
          prefillSeconds: 3600,
          decodeSeconds: 10800,
        },
        [
          { caller: 'assistant-api', ...share(0.45) },
          { caller: 'recs-serving', ...share(0.25) },
          { caller: 'search-embedding-service', ...share(0.15) },
        ],
        share(0.15),
      ),
    );
    // Prefill is a quarter of the GPU time: 108 to input, 324 to output.
    expect(split.inputCostNanos).toBe(108_000_000_000n);
    expect(split.outputCostNanos).toBe(324_000_000_000n);
    expect(split.costPerMillionInputNanos).toBe(900_000_000n); // 0.9 per 1M
    expect(split.costPerMillionOutputNanos).toBe(10_800_000_000n); // 10.8 per 1M
    expect(split.consumers.map(c => c.costNanos)).toEqual([
      194_400_000_000n,
      108_000_000_000n,
      64_800_000_000n,
    ]);
    expect(split.unattributed.costNanos).toBe(64_800_000_000n);
    expect(sumOf(split)).toBe(gpuCost);
  });

  it('charges tokens the server served beyond the gateway to the unattributed', () => {
    const split = splitServingCost(
      1_000_000_000n,
      figures(
        {
          inputTokens: 1000,
          outputTokens: 1000,
          prefillSeconds: 1,
          decodeSeconds: 1,
        },
        [{ caller: 'a', inputTokens: 500, outputTokens: 500 }],
      ),
    );
    expect(split.unattributed).toEqual({
      inputTokens: 500n,
      outputTokens: 500n,
      costNanos: 500_000_000n,
    });
    expect(split.consumers[0].costNanos).toBe(500_000_000n);
  });

  it('gives an idle server’s whole cost to the unattributed and no unit price', () => {
    const split = splitServingCost(7n, figures({}, []));
    expect(split.unattributed.costNanos).toBe(7n);
    expect(split.costPerMillionInputNanos).toBeNull();
    expect(split.costPerMillionOutputNanos).toBeNull();
  });

  it('adds up to the GPU cost to the nano-unit for any figures', () => {
    const tokens = fc.integer({ min: 0, max: 2_000_000_000 });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        fc.array(
          fc.record({
            caller: fc.string(),
            inputTokens: tokens,
            outputTokens: tokens,
          }),
          { maxLength: 12 },
        ),
        fc.record({ inputTokens: tokens, outputTokens: tokens }),
        fc.record({
          inputTokens: tokens,
          outputTokens: tokens,
          prefillSeconds: fc.double({ min: 0, max: 1e6, noNaN: true }),
          decodeSeconds: fc.double({ min: 0, max: 1e6, noNaN: true }),
        }),
        (gpuCost, consumers, unattributed, totals) => {
          const split = splitServingCost(
            gpuCost,
            figures(totals, consumers, unattributed),
          );
          expect(sumOf(split)).toBe(gpuCost);
          expect(split.inputCostNanos + split.outputCostNanos).toBe(gpuCost);
          // Each caller pays its tokens at the unit prices, within a nano-unit.
          const inDen = split.inputTokens || 1n;
          const outDen = split.outputTokens || 1n;
          for (const c of split.consumers) {
            const exact =
              split.inputCostNanos * c.inputTokens * outDen +
              split.outputCostNanos * c.outputTokens * inDen;
            const error = c.costNanos * inDen * outDen - exact;
            expect(error < inDen * outDen && error > -inDen * outDen).toBe(
              true,
            );
          }
        },
      ),
    );
  });
});
