import request from 'supertest';
import { testUsers } from '../__fixtures__/entities';
import { TestFleet, startTestFleet } from '../__testUtils__/startTestFleet';
import {
  as,
  asService,
  startTestGpuMetricsBackend,
} from '../__testUtils__/startTestGpuMetricsBackend';
import { addBucket, bucketsOf, histogramQuantile } from './histogramQuantile';

jest.setTimeout(120_000);

const BASE = '/api/gpu-metrics';
const W = 3600;
/** The model server entity of the demo fleet: one server on each cluster. */
const SERVER_ENTITY = 'component:default/shared-llm-inference';
const PROD = {
  cluster: 'gpu-prod',
  namespace: 'ml-platform',
  serverAddress: 'shared-llm-inference.ml-platform.svc',
};
const DEV = {
  cluster: 'gpu-dev',
  namespace: 'ml-platform',
  serverAddress: 'shared-llm-inference-staging.ml-platform.svc',
};

/** A JSON value with every number rounded to 9 decimals. */
function toNineDecimals(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v) =>
      typeof v === 'number' ? Number(v.toFixed(9)) : v,
    ),
  );
}
describe('serving economics over a real Prometheus with simulated vLLM and gateway history', () => {
  let fleet: TestFleet;
  let server: Awaited<ReturnType<typeof startTestGpuMetricsBackend>>['server'];
  let at: Date;

  const get = (path: string, header: [string, string] = as(testUsers.viewer)) =>
    request(server)
      .get(`${BASE}${path}`)
      .set(...header);

  beforeAll(async () => {
    fleet = await startTestFleet({ hours: 2, serving: true });
    at = fleet.end;
    ({ server } = await startTestGpuMetricsBackend({ config: fleet.config }));
    jest.spyOn(Date, 'now').mockReturnValue(fleet.end.getTime());
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await server?.stop();
    await fleet?.stop();
  });

  /** The test's own selector of a server's vLLM pods, from the simulation's pods. */
  function vllmSelector(s: typeof PROD): string {
    const pods = fleet
      .podsOf(s.cluster, 'shared-llm-inference')
      .filter(p => p.namespace === s.namespace)
      .map(p => p.pod);
    return `{job="vllm",namespace="${s.namespace}",pod=~"${pods.join('|')}"}`;
  }

  const scalar = (cluster: string, expr: string, time: Date = at) =>
    fleet.prometheus[cluster].scalar(expr, time);

  /** Raw increase of a vLLM family over the window, both servers. */
  async function vllmIncrease(name: string): Promise<number> {
    let total = 0;
    for (const s of [PROD, DEV]) {
      total += await scalar(
        s.cluster,
        `sum(increase(${name}${vllmSelector(s)}[${W}s]))`,
      );
    }
    return total;
  }

  /** Raw bucket increases of a latency histogram, both servers merged. */
  async function mergedBuckets(name: string) {
    const merged = new Map<number, number>();
    for (const s of [PROD, DEV]) {
      const samples = await fleet.prometheus[s.cluster].query(
        `sum by (le) (increase(${name}${vllmSelector(s)}[${W}s]))`,
        at,
      );
      for (const x of samples) addBucket(merged, x.metric.le, x.value);
    }
    return bucketsOf(merged);
  }

  /** Raw gateway tokens of the gpu-prod server, per `user_id` ('' for none). */
  async function gatewayTokens(type: 'input' | 'output') {
    const samples = await fleet.prometheus[PROD.cluster].query(
      `sum by (user_id) (increase(gen_ai_client_token_usage_sum{job="ai-gateway",server_address="${PROD.serverAddress}",gen_ai_token_type="${type}"}[${W}s]))`,
      at,
    );
    return new Map(samples.map(s => [s.metric.user_id ?? '', s.value]));
  }

  describe('GET /serving', () => {
    let body: any;

    beforeAll(async () => {
      const res = await get(
        `/serving?entityRef=${SERVER_ENTITY}&window=1h`,
        as(testUsers.servingOwner),
      );
      if (res.status !== 200) {
        throw new Error(`GET /serving answered ${res.status}: ${res.text}`);
      }
      body = res.body;
    });

    it('finds both servers of the entity, on their clusters', () => {
      expect(
        body.servers.map((s: any) => [s.cluster, s.serverAddress]).sort(),
      ).toEqual([
        [DEV.cluster, DEV.serverAddress],
        [PROD.cluster, PROD.serverAddress],
      ]);
      const prod = body.servers.find((s: any) => s.cluster === PROD.cluster);
      expect(prod.models).toEqual(['meta-llama/Llama-3.1-70B-Instruct']);
      expect(prod.pods).toHaveLength(2);
      expect(prod.gpus).toBe(4);
    });

    it('counts tokens, requests and their rates as raw increase() does', async () => {
      const input = await vllmIncrease('vllm:prompt_tokens_total');
      const output = await vllmIncrease('vllm:generation_tokens_total');
      const requests = await vllmIncrease('vllm:request_success_total');
      const ttft = await vllmIncrease('vllm:time_to_first_token_seconds_sum');
      const e2e = await vllmIncrease('vllm:e2e_request_latency_seconds_sum');
      expect(input).toBeGreaterThan(0);
      expect(body.totals.inputTokens).toBeCloseTo(input, 3);
      expect(body.totals.outputTokens).toBeCloseTo(output, 3);
      expect(body.totals.requests).toBeCloseTo(requests, 3);
      expect(body.totals.prefillSeconds).toBeCloseTo(ttft, 3);
      expect(body.totals.decodeSeconds).toBeCloseTo(e2e - ttft, 3);
      expect(body.totals.promptTokensPerSecond).toBeCloseTo(input / W, 6);
      expect(body.totals.generationTokensPerSecond).toBeCloseTo(output / W, 6);
      expect(body.totals.requestsPerSecond).toBeCloseTo(requests / W, 6);
    });

    it("takes p50 and p95 from both servers' merged latency buckets", async () => {
      const ttft = await mergedBuckets(
        'vllm:time_to_first_token_seconds_bucket',
      );
      const e2e = await mergedBuckets(
        'vllm:e2e_request_latency_seconds_bucket',
      );
      expect(body.totals.ttftSeconds.p50).toBeCloseTo(
        histogramQuantile(0.5, ttft)!,
        6,
      );
      expect(body.totals.ttftSeconds.p95).toBeCloseTo(
        histogramQuantile(0.95, ttft)!,
        6,
      );
      expect(body.totals.e2eSeconds.p50).toBeCloseTo(
        histogramQuantile(0.5, e2e)!,
        6,
      );
      expect(body.totals.e2eSeconds.p95).toBeCloseTo(
        histogramQuantile(0.95, e2e)!,
        6,
      );
    });

    it("reads the serving pods' utilisation, memory and GPU-hours from DCGM", async () => {
      let sum = 0;
      let count = 0;
      let max = 0;
      let memSum = 0;
      let memCount = 0;
      for (const s of [PROD, DEV]) {
        const sel = vllmSelector(s).replace('job="vllm",', '');
        sum += await scalar(
          s.cluster,
          `sum(sum_over_time(DCGM_FI_DEV_GPU_UTIL${sel}[${W}s]))`,
        );
        count += await scalar(
          s.cluster,
          `sum(count_over_time(DCGM_FI_DEV_GPU_UTIL${sel}[${W}s]))`,
        );
        max = Math.max(
          max,
          await scalar(
            s.cluster,
            `max(max_over_time(DCGM_FI_DEV_GPU_UTIL${sel}[${W}s]))`,
          ),
        );
        memSum += await scalar(
          s.cluster,
          `sum(sum_over_time(DCGM_FI_DEV_FB_USED${sel}[${W}s]))`,
        );
        memCount += await scalar(
          s.cluster,
          `sum(count_over_time(DCGM_FI_DEV_FB_USED${sel}[${W}s]))`,
        );
      }
      expect(body.totals.gpuUtilisation.mean).toBeCloseTo(sum / count, 6);
      expect(body.totals.gpuUtilisation.max).toBeCloseTo(max, 6);
      expect(body.totals.gpuMemoryUsedMiB.mean).toBeCloseTo(
        memSum / memCount,
        6,
      );
      // 4 H100s on gpu-prod and 1 L40S on gpu-dev, held the whole hour.
      expect(
        body.totals.gpuHours.map((h: any) => [
          h.cluster,
          h.gpuClass,
          h.migProfile,
          h.hours,
        ]),
      ).toEqual([
        [DEV.cluster, 'l40s', null, 1],
        [PROD.cluster, 'h100', null, 4],
      ]);
    });

    it('splits the gateway tokens per caller as raw PromQL does, naming the catalog callers', async () => {
      const input = await gatewayTokens('input');
      const output = await gatewayTokens('output');
      const callers = [...input.keys()].filter(k => k !== '').sort();
      expect(callers).toEqual([
        'assistant-api',
        'recs-serving',
        'search-embedding-service',
      ]);
      expect(body.consumers.map((c: any) => c.caller).sort()).toEqual(callers);
      for (const c of body.consumers) {
        expect(c.inputTokens).toBeCloseTo(input.get(c.caller)!, 3);
        expect(c.outputTokens).toBeCloseTo(output.get(c.caller)!, 3);
      }
      expect(body.unattributed.inputTokens).toBeCloseTo(input.get('')!, 3);
      expect(body.unattributed.outputTokens).toBeCloseTo(output.get('')!, 3);
      const assistant = body.consumers.find(
        (c: any) => c.caller === 'assistant-api',
      );
      expect(assistant).toMatchObject({
        entityRef: 'component:default/assistant-api',
        ownerRef: 'group:default/conversational-ai',
      });
      // Not in the test catalog: named by its user_id only.
      const search = body.consumers.find(
        (c: any) => c.caller === 'search-embedding-service',
      );
      expect(search.entityRef).toBeUndefined();
      // Most tokens first.
      expect(body.consumers[0].caller).toBe('assistant-api');
    });

    it("adds the callers and the unattributed up to the gpu-prod server's vLLM tokens", async () => {
      const vllmInput = await scalar(
        PROD.cluster,
        `sum(increase(vllm:prompt_tokens_total${vllmSelector(PROD)}[${W}s]))`,
      );
      const vllmOutput = await scalar(
        PROD.cluster,
        `sum(increase(vllm:generation_tokens_total${vllmSelector(
          PROD,
        )}[${W}s]))`,
      );
      const sum = (key: 'inputTokens' | 'outputTokens') =>
        body.consumers.reduce((t: number, c: any) => t + c[key], 0) +
        body.unattributed[key];
      // The gateway counts whole requests, vLLM fractions of them: within 1%.
      expect(Math.abs(sum('inputTokens') - vllmInput) / vllmInput).toBeLessThan(
        0.01,
      );
      expect(
        Math.abs(sum('outputTokens') - vllmOutput) / vllmOutput,
      ).toBeLessThan(0.01);
    });

    it('draws a series over the window', () => {
      expect(body.series).toHaveLength(W / body.stepSeconds + 1);
      const last = body.series[body.series.length - 1];
      expect(last.promptTokensPerSecond).toBeGreaterThan(0);
      expect(last.ttftP95Seconds).not.toBeNull();
      expect(last.utilisation).not.toBeNull();
    });
  });

  describe('GET /serving/servers', () => {
    it('lists both shared-llm-inference servers with their owner and per-server p50/p95 as histogram_quantile', async () => {
      const res = await get('/serving/servers?window=1h', asService());
      expect(res.status).toBe(200);
      expect(res.body.window).toBe('1h');
      expect(res.body.day).toBeNull();
      const mine = res.body.servers.filter(
        (s: any) => s.entityRef === SERVER_ENTITY,
      );
      expect(mine.map((s: any) => s.serverAddress).sort()).toEqual(
        [PROD.serverAddress, DEV.serverAddress].sort(),
      );
      for (const s of [PROD, DEV]) {
        const listed = mine.find((m: any) => m.cluster === s.cluster);
        expect(listed.ownerRef).toBe('group:default/ml-platform');
        for (const [q, key] of [
          [0.5, 'p50'],
          [0.95, 'p95'],
        ] as const) {
          expect(listed.totals.ttftSeconds[key]).toBeCloseTo(
            await scalar(
              s.cluster,
              `histogram_quantile(${q}, sum by (le) (increase(vllm:time_to_first_token_seconds_bucket${vllmSelector(
                s,
              )}[${W}s])))`,
            ),
            6,
          );
          expect(listed.totals.e2eSeconds[key]).toBeCloseTo(
            await scalar(
              s.cluster,
              `histogram_quantile(${q}, sum by (le) (increase(vllm:e2e_request_latency_seconds_bucket${vllmSelector(
                s,
              )}[${W}s])))`,
            ),
            6,
          );
        }
      }
      const staging = mine.find((m: any) => m.cluster === DEV.cluster);
      expect(staging.consumers).toEqual([]);
    });

    it('answers a completed UTC day with the increase over that day', async () => {
      const day = at.toISOString().slice(0, 10);
      const dayEnd = new Date(`${day}T00:00:00Z`).getTime() + 86_400_000;
      const spy = jest.spyOn(Date, 'now').mockReturnValue(dayEnd + 3600_000);
      try {
        const res = await get(`/serving/servers?day=${day}`, asService());
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ window: null, day });
        const prod = res.body.servers.find(
          (s: any) => s.serverAddress === PROD.serverAddress,
        );
        expect(prod.totals.inputTokens).toBeCloseTo(
          await scalar(
            PROD.cluster,
            `sum(increase(vllm:prompt_tokens_total${vllmSelector(
              PROD,
            )}[86400s]))`,
            new Date(dayEnd),
          ),
          3,
        );
      } finally {
        spy.mockReturnValue(fleet.end.getTime());
      }
    });
  });

  describe('GET /namespace-usage', () => {
    /** Busy and idle device-steps and the last busy step, counted by the test from raw utilisation. */
    async function rawSteps(cluster: string, namespace: string, step: number) {
      const res = await fetch(
        `${
          fleet.prometheus[cluster].url
        }/api/v1/query_range?${new URLSearchParams({
          query: `DCGM_FI_DEV_GPU_UTIL{namespace="${namespace}",pod!=""}`,
          start: String(at.getTime() / 1000 - W),
          end: String(at.getTime() / 1000),
          step: String(step),
        })}`,
      );
      const series = (await res.json()).data.result as Array<{
        values: Array<[number, string]>;
      }>;
      // The API counts the window's steps in (start, end].
      const start = at.getTime() / 1000 - W;
      const points = series.flatMap(s =>
        s.values
          .filter(([time]) => time > start)
          .map(([time, v]) => ({ time, busy: Number(v) >= 5 })),
      );
      const busyTimes = points.filter(p => p.busy).map(p => p.time);
      return {
        busy: busyTimes.length,
        idle: points.length - busyTimes.length,
        lastBusy: busyTimes.length ? Math.max(...busyTimes) : null,
        gpus: series.length,
      };
    }

    it('tells a busy namespace from an idle one, as raw samples do', async () => {
      const busy = await get(
        '/namespace-usage?cluster=gpu-prod&namespace=ml-platform&window=1h',
        asService(),
      );
      const idle = await get(
        '/namespace-usage?cluster=gpu-dev&namespace=recommendations&window=1h',
        asService(),
      );
      expect(busy.status).toBe(200);
      expect(idle.status).toBe(200);
      const step = 30;
      const rawBusy = await rawSteps('gpu-prod', 'ml-platform', step);
      const rawIdle = await rawSteps('gpu-dev', 'recommendations', step);
      expect(busy.body.busyGpuHours).toBeCloseTo(
        (rawBusy.busy * step) / 3600,
        6,
      );
      expect(busy.body.idleGpuHours).toBeCloseTo(
        (rawBusy.idle * step) / 3600,
        6,
      );
      expect(busy.body.gpusHeld).toBe(rawBusy.gpus);
      expect(busy.body.lastBusyAt).toBe(
        new Date(rawBusy.lastBusy! * 1000).toISOString(),
      );
      expect(idle.body).toMatchObject({
        cluster: 'gpu-dev',
        namespace: 'recommendations',
        gpusHeld: 2,
        busyGpuHours: 0,
        lastBusyAt: null,
      });
      expect(idle.body.idleGpuHours).toBeCloseTo(
        (rawIdle.idle * step) / 3600,
        6,
      );
      expect(idle.body.idleGpuHours).toBeCloseTo(2, 1);
      expect(idle.body.utilisation.max).toBeLessThan(5);
    });
  });

  describe('GET /namespace-usages', () => {
    it('gives every namespace holding GPUs on the cluster, each as its own GET /namespace-usage answers', async () => {
      for (const cluster of ['gpu-prod', 'gpu-dev']) {
        const all = await get(
          `/namespace-usages?cluster=${cluster}&window=1h`,
          asService(),
        );
        expect(all.status).toBe(200);
        expect(all.body).toMatchObject({ cluster, window: '1h' });
        const names = all.body.items.map(
          (i: { namespace: string }) => i.namespace,
        );
        expect(names).toEqual([...names].sort());
        expect(names.length).toBeGreaterThan(0);
        for (const item of all.body.items) {
          const one = await get(
            `/namespace-usage?cluster=${cluster}&namespace=${item.namespace}&window=1h`,
            asService(),
          );
          // Prometheus sums a namespace's samples in another order when it
          // groups by namespace: a float may differ in its last bit.
          expect(toNineDecimals(item)).toEqual(toNineDecimals(one.body));
        }
      }
      const prod = await get(
        '/namespace-usages?cluster=gpu-prod&window=1h',
        asService(),
      );
      const dev = await get(
        '/namespace-usages?cluster=gpu-dev&window=1h',
        asService(),
      );
      const namespaces = (body: { items: Array<{ namespace: string }> }) =>
        body.items.map(i => i.namespace);
      expect(namespaces(prod.body)).toContain('ml-platform');
      expect(namespaces(dev.body)).toContain('recommendations');
    });
  });

  describe('permissions and input', () => {
    it.each([
      [
        'a non-owner',
        `/serving?entityRef=${SERVER_ENTITY}`,
        as(testUsers.other),
        403,
      ],
      [
        'the owning team',
        `/serving?entityRef=${SERVER_ENTITY}&window=1h`,
        as(testUsers.servingOwner),
        200,
      ],
      [
        'a team member',
        '/serving/servers?window=1h',
        as(testUsers.member),
        403,
      ],
      ['a service', '/serving/servers?window=1h', asService(), 200],
      [
        'a fleet viewer',
        '/serving/servers?window=1h',
        as(testUsers.viewer),
        200,
      ],
      [
        'a team member',
        '/namespace-usage?cluster=gpu-prod&namespace=ml-platform',
        as(testUsers.member),
        403,
      ],
      [
        'a service',
        '/namespace-usage?cluster=gpu-prod&namespace=ml-platform',
        asService(),
        200,
      ],
      [
        'a team member',
        '/namespace-usages?cluster=gpu-prod',
        as(testUsers.member),
        403,
      ],
      ['a service', '/namespace-usages?cluster=gpu-prod', asService(), 200],
    ])('answers %s GET %s with %s', async (_who, path, header, status) => {
      const res = await get(path, header);
      expect(res.status).toBe(status);
    });

    it.each([
      ['/serving?entityRef=shared-llm-inference', 'entityRef'],
      ['/serving?entityRef=component:default/', 'entityRef'],
      ['/serving/servers?day=2026-13-01', 'day'],
      ['/serving/servers?day=yesterday', 'day'],
      ['/serving/servers?day=2020-01-01', 'day'],
      ['/serving/servers?day=2026-01-01&window=1h', 'day'],
      ['/namespace-usage?cluster=gpu-nowhere&namespace=ml-platform', 'cluster'],
      ['/namespace-usages?cluster=gpu-nowhere', 'cluster'],
      ['/namespace-usages?cluster=gpu-prod&window=2h', 'window'],
      ['/namespace-usage?cluster=gpu-prod&namespace=ML_Platform', 'namespace'],
      [
        '/namespace-usage?cluster=gpu-prod&namespace=x%22%7D%20or%20vector(1)',
        'namespace',
      ],
    ])('answers GET %s with 400 naming %s', async (path, field) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`${field}:`);
    });

    it("refuses today's day, not yet complete", async () => {
      const res = await get(
        `/serving/servers?day=${at.toISOString().slice(0, 10)}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('day:');
    });
  });
});
