import {
  fitsOnGpuClasses,
  gpuFits,
  gpuMemoryByPrecision,
  gpuMemoryNeededGiB,
} from './gpuMemory';

const classes = [
  { id: 'h100', memoryMiB: 81559 },
  { id: 'a100', memoryMiB: 81920 },
  { id: 'l40s', memoryMiB: 46068 },
];

describe('gpuMemoryNeededGiB', () => {
  it.each([
    [8_030_000_000, 'bf16', 18],
    [8_030_000_000, 'int4', 4.5],
    [70_600_000_000, 'bf16', 157.9],
    [70_600_000_000, 'fp8', 79],
    [7_240_000_000, 'fp32', 32.4],
  ] as const)('%d parameters at %s need %d GiB', (parameters, p, expected) => {
    expect(gpuMemoryNeededGiB(parameters, p)).toBe(expected);
  });

  it('rejects a non-positive parameter count', () => {
    expect(() => gpuMemoryNeededGiB(0, 'bf16')).toThrow(/parameters/);
  });

  it('gives every precision', () => {
    const all = gpuMemoryByPrecision(1_000_000_000);
    expect(all.fp32).toBeGreaterThan(all.bf16);
    expect(all.bf16).toBeGreaterThan(all.int4);
    expect(Object.keys(all)).toHaveLength(7);
  });
});

describe('fitsOnGpuClasses', () => {
  it('lists the classes one GPU of which holds the model', () => {
    expect(fitsOnGpuClasses(17.9, classes)).toEqual(['h100', 'a100', 'l40s']);
    expect(fitsOnGpuClasses(78.9, classes)).toEqual(['h100', 'a100']);
    expect(fitsOnGpuClasses(157.8, classes)).toEqual([]);
    expect(fitsOnGpuClasses(157.8, classes, { maxGpus: 2 })).toEqual([
      'h100',
      'a100',
    ]);
  });

  it('counts GPUs needed per class', () => {
    expect(gpuFits(157.8, classes).map(f => f.gpusNeeded)).toEqual([2, 2, 4]);
  });
});
