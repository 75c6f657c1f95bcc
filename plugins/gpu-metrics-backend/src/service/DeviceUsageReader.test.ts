import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readGpuMetricsConfig } from '../config/GpuMetricsConfig';
import { PrometheusQuerier } from '../prometheus/PrometheusClient';
import { DeviceUsageReader } from './DeviceUsageReader';
import { PrometheusClusters } from './PrometheusClusters';
import { windowRange } from './windows';

/** A querier whose answers wait until released, recording what was asked. */
function heldQuerier() {
  const asked: Array<{ kind: string; expr: string; at?: number }> = [];
  const waiting: Array<() => void> = [];
  const held = <T>(value: T) =>
    new Promise<T>(resolve => waiting.push(() => resolve(value)));
  const device = {
    namespace: 'team',
    pod: 'job-0',
    Hostname: 'node-0',
    gpu: '0',
    UUID: 'GPU-0',
    modelName: 'NVIDIA H100 80GB HBM3',
  };
  const querier: PrometheusQuerier = {
    instant(expr, at) {
      asked.push({ kind: 'instant', expr, at });
      return held([{ metric: device, value: 2 }]);
    },
    range(expr) {
      asked.push({ kind: 'range', expr });
      return held([]);
    },
  };
  return { querier, asked, release: () => waiting.forEach(r => r()) };
}

function reader(rollUps: boolean) {
  const logger = mockServices.logger.mock();
  const config = readGpuMetricsConfig(
    new ConfigReader({
      gpuMetrics: {
        prometheus: [{ cluster: 'gpu-prod', url: 'http://127.0.0.1:1' }],
        rollUps,
      },
    }),
  );
  const prometheus = PrometheusClusters.create({
    config,
    pods: { clusters: () => [], listLabelledPods: async () => [] },
    logger,
  });
  const held = heldQuerier();
  jest.spyOn(prometheus, 'querier').mockReturnValue(held.querier);
  return {
    held,
    deviceUsage: DeviceUsageReader.create({
      prometheus,
      idleUtilisationBelow: 5,
      rollUps,
    }),
  };
}

const pods = [{ cluster: 'gpu-prod', namespace: 'team', pod: 'job-0' }];
const now = Date.UTC(2026, 0, 1, 0, 20);

describe('DeviceUsageReader', () => {
  it('sends every query of a window in one wave', async () => {
    const { held, deviceUsage } = reader(false);
    const answer = deviceUsage.read(pods, windowRange('7d', now));
    await new Promise(r => setImmediate(r));
    // All asked before any answered: 13 aggregates and 3 series.
    expect(held.asked.filter(a => a.kind === 'instant')).toHaveLength(13);
    expect(held.asked.filter(a => a.kind === 'range')).toHaveLength(3);
    held.release();
    const { rows } = await answer;
    expect(rows).toHaveLength(1);
    expect(rows[0].values.utilSum).toBe(2);
    expect(rows[0].values.idleSteps).toBe(2);
  });

  it('reads every raw sample up to 7 days, and without roll-ups', async () => {
    for (const [rollUps, window] of [
      [true, '7d'],
      [false, '30d'],
    ] as const) {
      const { held, deviceUsage } = reader(rollUps);
      const range = windowRange(window, now);
      const answer = deviceUsage.read(pods, range);
      await new Promise(r => setImmediate(r));
      held.release();
      await answer;
      const instant = held.asked.filter(a => a.kind === 'instant');
      expect(instant.every(a => !a.expr.includes('pod_gpu:'))).toBe(true);
      expect(instant.every(a => a.at === range.end)).toBe(true);
      expect(instant.some(a => a.expr.includes('DCGM_FI_DEV_GPU_UTIL'))).toBe(
        true,
      );
    }
  });

  it('reads 30-day aggregates from the hourly roll-ups, still in one wave', async () => {
    const { held, deviceUsage } = reader(true);
    const range = windowRange('30d', now);
    expect(deviceUsage.readsRollUps(range)).toBe(true);
    expect(deviceUsage.readsRollUps(windowRange('7d', now))).toBe(false);
    const answer = deviceUsage.read(pods, range);
    await new Promise(r => setImmediate(r));
    const instant = held.asked.filter(a => a.kind === 'instant');
    expect(instant).toHaveLength(13);
    expect(held.asked.filter(a => a.kind === 'range')).toHaveLength(3);
    held.release();
    await answer;
    for (const a of instant) {
      expect(a.expr).toMatch(/pod_gpu:dcgm_[a-z_]+:[a-z]+_1h\{/);
      expect(a.expr).not.toMatch(/DCGM_FI_/);
      expect(a.expr).toContain(`[${range.seconds - 1}s]`);
      expect(a.at).toBe(range.end);
      // The pods' selectors are escaped as for raw samples.
      expect(a.expr).toContain('namespace="team"');
    }
  });
});
