import { fleetDistribution, quantile } from './fleetDistribution';

describe('quantile', () => {
  it.each([
    [0.5, [1, 2, 3, 4], 2.5],
    [0.9, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90],
    [0.9, [10, 20], 19],
    [0.5, [7], 7],
  ])(
    'interpolates the %s quantile of %j as Prometheus does',
    (phi, values, q) => expect(quantile(phi, values)).toBeCloseTo(q),
  );
});

describe('fleetDistribution', () => {
  const sample = (modelName: string, value: number) => ({
    metric: { modelName },
    value,
  });

  it('gives each model of a cluster its count, mean, quantiles and histogram', () => {
    const [a100, h100] = fleetDistribution('gpu-prod', [
      sample('NVIDIA H100', 95),
      sample('NVIDIA A100', 0),
      sample('NVIDIA H100', 100),
      sample('NVIDIA A100', 15),
    ]);
    expect(a100).toMatchObject({
      cluster: 'gpu-prod',
      modelName: 'NVIDIA A100',
      gpus: 2,
      utilisation: { mean: 7.5, p50: 7.5, p90: 13.5 },
    });
    expect(a100.histogram.map(b => b.count)).toEqual([
      1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    // The last bucket holds 100 as well.
    expect(h100.histogram[9]).toEqual({ from: 90, to: 100, count: 2 });
  });
});
