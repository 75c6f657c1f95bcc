import { GpuHolder } from '../topology/types';
import { GpuModel, gpuModels } from './gpuModels';
import { SAMPLE_PERIOD_MS } from './seededNoise';
import {
  H100,
  L4,
  holder,
  migNode,
  nodeWith,
} from './__testUtils__/fixtureNodes';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const dayStart = Date.parse('2026-03-10T00:00:00Z'); // a Tuesday

function modelFor(
  h: GpuHolder | undefined,
  seed = 5,
  product = H100,
): GpuModel {
  return gpuModels(nodeWith('node-x', product, [h]), { seed })[0];
}

function series(
  model: GpuModel,
  family: string,
  from = dayStart,
  to = dayStart + DAY,
) {
  const fn = model.gpu.valueOf(family)!;
  const values: number[] = [];
  for (let t = from; t < to; t += SAMPLE_PERIOD_MS) {
    values.push(fn(t));
  }
  return values;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const max = (v: number[]) => Math.max(...v);

describe('gpuModels profiles over a simulated day', () => {
  it('training runs at 92-99 % with 85-95 % of memory and high power', () => {
    const model = modelFor(holder('training', 'train-0'));
    const util = series(model, 'DCGM_FI_DEV_GPU_UTIL');
    expect(mean(util)).toBeGreaterThan(90);
    expect(Math.min(...util)).toBeGreaterThanOrEqual(90);
    const fb = series(model, 'DCGM_FI_DEV_FB_USED');
    expect(Math.min(...fb) / H100.memoryMiB).toBeGreaterThan(0.84);
    expect(max(fb) / H100.memoryMiB).toBeLessThan(0.96);
    expect(mean(series(model, 'DCGM_FI_DEV_POWER_USAGE'))).toBeGreaterThan(
      0.75 * H100.maxPowerWatts,
    );
  });

  it('inference follows a daily cycle: afternoon peak over twice the night trough', () => {
    const model = modelFor(holder('inference', 'vllm-0'));
    const peak = mean(
      series(
        model,
        'DCGM_FI_DEV_GPU_UTIL',
        dayStart + 12 * HOUR,
        dayStart + 16 * HOUR,
      ),
    );
    const trough = mean(
      series(model, 'DCGM_FI_DEV_GPU_UTIL', dayStart, dayStart + 4 * HOUR),
    );
    expect(peak / trough).toBeGreaterThan(2);
    expect(peak).toBeGreaterThan(50);
  });

  it('notebook is mostly idle with bursts', () => {
    const model = modelFor(holder('notebook', 'nb-0'));
    const util = series(model, 'DCGM_FI_DEV_GPU_UTIL');
    expect(mean(util)).toBeLessThan(15);
    const quiet = util.filter(u => u <= 3).length / util.length;
    expect(quiet).toBeGreaterThan(0.8);
  });

  it('idle holds a CUDA context and never computes', () => {
    const model = modelFor(holder('idle', 'idle-0'));
    expect(max(series(model, 'DCGM_FI_DEV_GPU_UTIL'))).toBe(0);
    expect(max(series(model, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE'))).toBe(0);
    const fb = series(model, 'DCGM_FI_DEV_FB_USED');
    expect(Math.min(...fb)).toBeGreaterThanOrEqual(300);
    expect(max(fb)).toBeLessThanOrEqual(600);
    expect(new Set(fb).size).toBe(1);
  });

  it('an unheld GPU shows no use at idle power', () => {
    const model = modelFor(undefined, 5, L4);
    expect(max(series(model, 'DCGM_FI_DEV_GPU_UTIL'))).toBe(0);
    expect(max(series(model, 'DCGM_FI_DEV_FB_USED'))).toBe(0);
    const power = series(model, 'DCGM_FI_DEV_POWER_USAGE');
    // The reference L4 scrape idles at 16.365 W.
    expect(mean(power)).toBeGreaterThan(14);
    expect(mean(power)).toBeLessThan(19);
    expect(series(model, 'DCGM_FI_DEV_SM_CLOCK')[0]).toBe(210);
    expect(series(model, 'DCGM_FI_DEV_MEM_CLOCK')[0]).toBe(405);
    expect(series(model, 'DCGM_FI_DEV_MEMORY_TEMP')[0]).toBe(0);
  });

  it('a device is unheld before its holder arrived', () => {
    const since = new Date(dayStart + 6 * HOUR);
    const model = modelFor(holder('training', 'train-late', since));
    expect(
      model.gpu.holderAt(since.getTime() - SAMPLE_PERIOD_MS),
    ).toBeUndefined();
    expect(model.gpu.holderAt(since.getTime())?.pod).toBe('train-late');
    const util = model.gpu.valueOf('DCGM_FI_DEV_GPU_UTIL')!;
    expect(util(since.getTime() - SAMPLE_PERIOD_MS)).toBe(0);
    expect(util(since.getTime())).toBeGreaterThan(90);
  });
});

describe('gpuModels counters', () => {
  it.each(['training', 'inference', 'notebook', 'idle', undefined] as const)(
    'energy of a %s GPU is monotonic and grows by power × time',
    profile => {
      const model = modelFor(
        profile ? holder(profile, `p-${profile}`) : undefined,
      );
      const energy = series(model, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION');
      const power = series(model, 'DCGM_FI_DEV_POWER_USAGE');
      for (let i = 1; i < energy.length; i++) {
        expect(energy[i]).toBeGreaterThanOrEqual(energy[i - 1]);
      }
      // Over each hour: ΔE (mJ) ≈ Σ P (W) × 30 s.
      const perHour = HOUR / SAMPLE_PERIOD_MS;
      for (let h = 0; h < 24; h++) {
        const i0 = h * perHour;
        const i1 = Math.min(i0 + perHour, energy.length - 1);
        const measured = energy[i1] - energy[i0];
        const expected = power
          .slice(i0, i1)
          .reduce((a, p) => a + p * SAMPLE_PERIOD_MS, 0);
        expect(Math.abs(measured - expected) / expected).toBeLessThan(0.03);
      }
    },
  );

  it('energy is cheap to compute far from boot', () => {
    const fn = modelFor(holder('notebook', 'nb')).gpu.valueOf(
      'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
    )!;
    const began = performance.now();
    let last = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = fn(Date.parse('2035-01-01T00:00:00Z') + i * SAMPLE_PERIOD_MS);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
    expect(performance.now() - began).toBeLessThan(2000);
    expect(Number.isSafeInteger(last)).toBe(true);
  });

  it('NVLink traffic is a monotonic counter, only on NVLink parts', () => {
    const h100 = modelFor(holder('training', 'train-nv'));
    const values = series(
      h100,
      'DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL',
      dayStart,
      dayStart + HOUR,
    );
    expect(values[values.length - 1]).toBeGreaterThan(values[0]);
    values
      .slice(1)
      .forEach((v, i) => expect(v).toBeGreaterThanOrEqual(values[i]));
    expect(
      modelFor(holder('training', 'train-l4'), 5, L4).gpu.valueOf(
        'DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL',
      ),
    ).toBeUndefined();
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = series(
      modelFor(holder('inference', 'v'), 1),
      'DCGM_FI_DEV_POWER_USAGE',
    );
    const b = series(
      modelFor(holder('inference', 'v'), 1),
      'DCGM_FI_DEV_POWER_USAGE',
    );
    const c = series(
      modelFor(holder('inference', 'v'), 2),
      'DCGM_FI_DEV_POWER_USAGE',
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('gpuModels with MIG', () => {
  const node = migNode('mig-node', [
    holder('training', 'mig-train'),
    undefined,
    holder('idle', 'mig-idle'),
  ]);
  const [model] = gpuModels(node, { seed: 3 });

  it('reports utilisation only through profiling fields, per instance', () => {
    expect(model.instances).toHaveLength(3);
    expect(model.gpu.valueOf('DCGM_FI_DEV_GPU_UTIL')).toBeUndefined();
    expect(model.gpu.valueOf('DCGM_FI_DEV_POWER_USAGE')).toBeDefined();
    const [train, free, idle] = model.instances;
    expect(train.valueOf('DCGM_FI_DEV_POWER_USAGE')).toBeUndefined();
    const gr = (s: typeof train) =>
      s.valueOf('DCGM_FI_PROF_GR_ENGINE_ACTIVE')!(dayStart);
    expect(gr(train)).toBeGreaterThan(0.9);
    expect(gr(free)).toBe(0);
    expect(gr(idle)).toBe(0);
    // The whole GPU averages its instances by compute slices (1 of 7 each).
    expect(gr(model.gpu)).toBeCloseTo(gr(train) / 7, 6);
  });

  it('sums instance framebuffer into the GPU', () => {
    const used = (s: (typeof model.instances)[0]) =>
      s.valueOf('DCGM_FI_DEV_FB_USED')!(dayStart);
    const total = model.instances.reduce((sum, s) => sum + used(s), 0);
    expect(model.gpu.valueOf('DCGM_FI_DEV_FB_USED')!(dayStart)).toBe(total);
    expect(used(model.instances[1])).toBe(0);
    const free = model.instances[0].valueOf('DCGM_FI_DEV_FB_FREE')!(dayStart);
    expect(free + used(model.instances[0])).toBe(9728);
  });

  it('attributes instances, not the GPU, to pods', () => {
    expect(model.gpu.holderAt(dayStart)).toBeUndefined();
    expect(model.instances.map(i => i.holderAt(dayStart)?.pod)).toEqual([
      'mig-train',
      undefined,
      'mig-idle',
    ]);
  });
});
