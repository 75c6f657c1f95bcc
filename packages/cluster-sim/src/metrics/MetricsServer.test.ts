import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTopology } from '../__fixtures__/testTopology';
import { waitFor } from '@ai-platform/test-utils';
import { findResourceByKind } from '../api/resources';
import { parseExposition } from '../dcgm/__testUtils__/parseExposition';
import { startPrometheus } from '../prometheus/startPrometheus';
import { ClusterSim, startClusterSim } from '../startClusterSim';

const POD = findResourceByKind('v1', 'Pod')!;

const labelsOf = (sample: { labels: Array<[string, string]> }) =>
  Object.fromEntries(sample.labels);

async function text(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

describe('MetricsServer', () => {
  let sim: ClusterSim;

  beforeAll(async () => {
    // Scrapes one collection interval ahead, so pods started just now are attributed.
    sim = await startClusterSim({
      topology: testTopology,
      tls: false,
      metrics: { now: () => new Date(Date.now() + 60_000) },
    });
    const { api } = sim.clusters[0];
    api.create(POD, 'v1', 'team-a', {
      metadata: {
        name: 'llm-0',
        labels: { app: 'llm' },
        annotations: {
          'cluster-sim.ai-platform.io/profile': 'inference',
          'cluster-sim.ai-platform.io/served-model':
            'mistralai/Mistral-7B-Instruct-v0.3',
          'cluster-sim.ai-platform.io/gateway-callers': 'assistant-api=0.6',
        },
      },
      spec: {
        containers: [
          {
            name: 'vllm',
            image: 'vllm/vllm-openai:v0.11.0',
            resources: { limits: { 'nvidia.com/mig-3g.40gb': '1' } },
          },
        ],
      },
    });
    await waitFor(() => {
      const pods = api.store.list(POD, 'team-a');
      return pods.length === 2 &&
        pods.every(p => (p.status as any).phase === 'Running')
        ? true
        : undefined;
    });
  });
  afterAll(() => sim?.stop());

  it('serves dcgm-exporter metrics per node, attributing held GPUs to their pods', async () => {
    const { status, body } = await text(
      `${sim.metricsUrl}/clusters/test/nodes/h100-0/metrics`,
    );
    expect(status).toBe(200);
    const utilisation = parseExposition(body).find(
      f => f.name === 'DCGM_FI_DEV_GPU_UTIL',
    )!;
    expect(utilisation.type).toBe('gauge');
    expect(utilisation.samples).toHaveLength(8);
    const held = utilisation.samples.filter(
      s => labelsOf(s).namespace === 'team-a',
    );
    expect(held).toHaveLength(2);
    expect(
      held.every(
        s =>
          /^trainer-\w+$/.test(labelsOf(s).pod) &&
          labelsOf(s).container === 'trainer',
      ),
    ).toBe(true);
    expect(held.every(s => s.value > 90)).toBe(true);
    // Free GPUs carry the exporter's own pod, as Prometheus stores them.
    const free = utilisation.samples.filter(
      s => labelsOf(s).namespace !== 'team-a',
    );
    expect(free).toHaveLength(6);
    expect(
      free.every(
        s => labelsOf(s).namespace === 'gpu-operator' && s.value === 0,
      ),
    ).toBe(true);
    expect(labelsOf(utilisation.samples[0])).toMatchObject({
      Hostname: 'h100-0',
      modelName: 'NVIDIA H100 80GB HBM3',
      UUID: expect.stringMatching(/^GPU-[0-9a-f-]{36}$/),
    });
  });

  it('serves vLLM metrics for a pod serving a model, and 404s for others', async () => {
    const { status, body } = await text(
      `${sim.metricsUrl}/clusters/test/pods/team-a/llm-0/metrics`,
    );
    expect(status).toBe(200);
    const families = parseExposition(body);
    const tokens = families.find(
      f => f.name === 'vllm:generation_tokens_total',
    )!;
    expect(labelsOf(tokens.samples[0]).model_name).toBe(
      'mistralai/Mistral-7B-Instruct-v0.3',
    );
    expect(
      (await text(`${sim.metricsUrl}/clusters/test/pods/team-a/nope/metrics`))
        .status,
    ).toBe(404);
    expect(
      (await text(`${sim.metricsUrl}/clusters/other/nodes/h100-0/metrics`))
        .status,
    ).toBe(404);
  });

  it('is scraped by a real Prometheus through HTTP service discovery', async () => {
    const work = mkdtempSync(join(tmpdir(), 'prom-scrape-'));
    const prometheus = await startPrometheus(
      join(work, 'tsdb'),
      work,
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: cluster-sim',
        '    http_sd_configs:',
        `      - url: ${sim.metricsTargetsUrl}`,
        '        refresh_interval: 1s',
        '',
      ].join('\n'),
    );
    try {
      const series = await waitFor(async () => {
        const result = await prometheus.query(
          'DCGM_FI_DEV_GPU_UTIL{namespace="team-a"}',
          new Date(),
        );
        return result.length === 2 ? result : undefined;
      }, 20_000);
      expect(series.map(s => s.metric.job).sort()).toEqual([
        'nvidia-dcgm-exporter',
        'nvidia-dcgm-exporter',
      ]);
      expect(series.every(s => Number(s.value[1]) > 90)).toBe(true);
      const vllm = await waitFor(async () => {
        const result = await prometheus.query(
          'vllm:num_requests_running',
          new Date(),
        );
        return result.length ? result : undefined;
      }, 20_000);
      expect(vllm[0].metric).toMatchObject({
        job: 'vllm',
        namespace: 'team-a',
        pod: 'llm-0',
      });
      // The AI gateway's token usage, per caller, from its own target.
      const callers = await waitFor(async () => {
        const result = await prometheus.query(
          'sum by (job, user_id, server_address) (gen_ai_client_token_usage_sum{gen_ai_token_type="input"})',
          new Date(),
        );
        return result.length === 2 ? result : undefined;
      }, 20_000);
      const byCaller = Object.fromEntries(
        callers.map(c => [c.metric.user_id ?? '', Number(c.value[1])]),
      );
      expect(callers.every(c => c.metric.job === 'ai-gateway')).toBe(true);
      expect(callers[0].metric.server_address).toBe('llm.team-a.svc');
      expect(byCaller['assistant-api']).toBeGreaterThan(byCaller['']);
    } finally {
      await prometheus.stop();
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
