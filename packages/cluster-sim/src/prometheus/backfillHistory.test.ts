import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTopology } from '../__fixtures__/testTopology';
import { renderDcgmMetrics } from '../dcgm';
import { startClusterSim } from '../startClusterSim';
import { backfillHistory } from './backfillHistory';
import { startPrometheus } from './startPrometheus';

describe('backfillHistory', () => {
  it('gives Prometheus the same values a live scrape shows at that instant', async () => {
    const sim = await startClusterSim({
      topology: testTopology,
      tls: false,
      metrics: false,
    });
    // The TSDB and Prometheus' folder, removed at the end.
    const work = mkdtempSync(join(tmpdir(), 'prom-'));
    try {
      const nodes = sim.clusters[0].gpus.nodeGpus();
      const end = new Date(Math.floor(Date.now() / 30_000) * 30_000);
      const start = new Date(end.getTime() - 3 * 3600_000);
      const result = await backfillHistory({
        nodes,
        seed: 7,
        start,
        end,
        tsdbDir: join(work, 'tsdb'),
      });
      expect(result.samples).toBeGreaterThan(1000);

      const prometheus = await startPrometheus(result.tsdbDir, work);
      try {
        const at = new Date(end.getTime() - 3600_000);
        const series = await prometheus.query(
          'DCGM_FI_DEV_POWER_USAGE{Hostname="h100-0",gpu="3"}',
          at,
        );
        expect(series).toHaveLength(1);
        const live = renderDcgmMetrics(
          nodes.find(n => n.hostname === 'h100-0')!,
          at,
          { seed: 7 },
        )
          .split('\n')
          .find(line => line.startsWith('DCGM_FI_DEV_POWER_USAGE{gpu="3"'))!;
        expect(Number(series[0].value[1])).toBeCloseTo(
          Number(live.split(' ').pop()),
          6,
        );
        // Every window was imported, the concurrent ones included: a
        // sample every 30 s over the whole three hours.
        const counted = await prometheus.query(
          'count_over_time(DCGM_FI_DEV_POWER_USAGE{Hostname="h100-0",gpu="3"}[3h])',
          end,
        );
        expect(Number(counted[0].value[1])).toBe(360);
      } finally {
        await prometheus.stop();
      }
    } finally {
      await sim.stop();
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
