import { rmSync } from 'node:fs';
import request from 'supertest';
import {
  HEATMAP_MAX_COLUMNS,
  HEATMAP_MAX_ROWS,
} from '@ai-platform/plugin-gpu-metrics-common';
import { testUsers } from '../__fixtures__/entities';
import {
  TestPrometheus,
  startTestPrometheus,
} from '../__testUtils__/startTestPrometheus';
import {
  as,
  startTestGpuMetricsBackend,
} from '../__testUtils__/startTestGpuMetricsBackend';
import { writeUtilisationHistory } from '../__testUtils__/writeUtilisationHistory';

const NODES = 160;
const GPUS_PER_NODE = 8;
const MAX_ANSWER_BYTES = 200 * 1024;

jest.setTimeout(180_000);

/**
 * The heat map's answer is bounded by its page and its buckets, not by the
 * fleet: 1,280 GPUs over a day sampled every 150 s (the most columns any
 * window has; six or seven samples a bucket, so means at full length).
 */
describe('the fleet heat map of 1,280 GPUs', () => {
  let prometheus: TestPrometheus;
  let workDir: string;
  let server: Awaited<ReturnType<typeof startTestGpuMetricsBackend>>['server'];
  // A day ago on the hour, so the history is inside Prometheus' retention.
  const end = Math.floor(Date.now() / 3600_000) * 3600 - 86400;

  beforeAll(async () => {
    const history = await writeUtilisationHistory({
      cluster: 'gpu-big',
      nodes: NODES,
      gpusPerNode: GPUS_PER_NODE,
      start: end - 25 * 3600,
      end: end + 150,
      intervalSeconds: 150,
    });
    workDir = history.workDir;
    prometheus = await startTestPrometheus(history.tsdbDir, workDir);
    ({ server } = await startTestGpuMetricsBackend({
      config: {
        gpuMetrics: {
          prometheus: [{ cluster: 'gpu-big', url: prometheus.url }],
        },
      },
    }));
    jest.spyOn(Date, 'now').mockReturnValue(end * 1000);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await server?.stop();
    await prometheus?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const get = (path: string) =>
    request(server)
      .get(`/api/gpu-metrics${path}`)
      .set(...as(testUsers.viewer));

  /** The answer as sent, and as a development backend pretty-prints it. */
  function expectSmall(res: request.Response) {
    expect(Buffer.byteLength(res.text)).toBeLessThan(MAX_ANSWER_BYTES);
    expect(Buffer.byteLength(JSON.stringify(res.body, null, 2))).toBeLessThan(
      MAX_ANSWER_BYTES,
    );
  }

  it('answers a full page of nodes, every bucket filled, in under 200 KB', async () => {
    const res = await get('/fleet/heatmap?window=24h');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rowKind: 'node',
      bucketSeconds: 900,
      total: NODES,
      offset: 0,
      limit: HEATMAP_MAX_ROWS,
      errors: [],
    });
    expect(res.body.rows).toHaveLength(HEATMAP_MAX_ROWS);
    for (const row of res.body.rows) {
      expect(row.gpus).toBe(GPUS_PER_NODE);
      expect(row.values).toHaveLength(HEATMAP_MAX_COLUMNS);
      expect(row.values).not.toContain(null);
    }
    expectSmall(res);
  });

  it('pages through every node once', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < NODES; offset += HEATMAP_MAX_ROWS) {
      const res = await get(`/fleet/heatmap?window=24h&offset=${offset}`);
      expect(res.status).toBe(200);
      expectSmall(res);
      seen.push(...res.body.rows.map((r: { hostname: string }) => r.hostname));
    }
    expect(seen).toHaveLength(NODES);
    expect(new Set(seen).size).toBe(NODES);
    expect(seen.slice(0, 3)).toEqual([
      'gpu-big-h100-0',
      'gpu-big-h100-1',
      'gpu-big-h100-2',
    ]);
  });

  it("answers a node's GPUs with their exact means", async () => {
    const res = await get(
      '/fleet/heatmap?window=24h&cluster=gpu-big&node=gpu-big-h100-7',
    );
    expect(res.status).toBe(200);
    expect(res.body.rowKind).toBe('gpu');
    expect(res.body.rows).toHaveLength(GPUS_PER_NODE);
    expectSmall(res);
    const gpu = res.body.rows[3];
    const sel = 'DCGM_FI_DEV_GPU_UTIL{Hostname="gpu-big-h100-7",gpu="3"}';
    const at = new Date(end * 1000);
    expect(gpu.mean).toBeCloseTo(
      (await prometheus.scalar(`sum_over_time(${sel}[86400s])`, at)) /
        (await prometheus.scalar(`count_over_time(${sel}[86400s])`, at)),
      9,
    );
    expect(gpu.values[HEATMAP_MAX_COLUMNS - 1]).toBeCloseTo(
      await prometheus.scalar(`avg_over_time(${sel}[900s])`, at),
      9,
    );
  });
});
