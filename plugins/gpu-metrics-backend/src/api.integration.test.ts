import request from 'supertest';
import { testEntities, testUsers } from './__fixtures__/entities';
import { TestFleet, startTestFleet } from './__testUtils__/startTestFleet';
import {
  as,
  startTestGpuMetricsBackend,
} from './__testUtils__/startTestGpuMetricsBackend';
import { GpuQueries } from './prometheus/GpuQueries';
import { DEFAULT_METRIC_NAMES } from './config/GpuMetricsConfig';

const W = '6h';
/** The window's 30 s steps, `(start, end]`: one second short, as the API counts them. */
const W_STEPS = '5h59m59s';
const U = 'DCGM_FI_DEV_GPU_UTIL';
const FB = 'DCGM_FI_DEV_FB_USED';
const POWER = 'DCGM_FI_DEV_POWER_USAGE';
const GR = 'DCGM_FI_PROF_GR_ENGINE_ACTIVE';

jest.setTimeout(120_000);

describe('GPU metrics API over a real Prometheus with simulated history', () => {
  let fleet: TestFleet;
  let server: Awaited<ReturnType<typeof startTestGpuMetricsBackend>>['server'];
  let at: Date;

  /** A GET as a fleet viewer, who may read everything. */
  const get = (path: string, user: string = testUsers.viewer) =>
    request(server)
      .get(path)
      .set(...as(user));

  beforeAll(async () => {
    fleet = await startTestFleet({ hours: 6 });
    at = fleet.end;
    ({ server } = await startTestGpuMetricsBackend({ config: fleet.config }));
    // The API's clock stands at the end of the recorded history.
    jest.spyOn(Date, 'now').mockReturnValue(fleet.end.getTime());
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await server?.stop();
    await fleet?.stop();
  });

  /** The pods labelled with these kubernetes ids, per cluster, as a selector the test writes itself. */
  function selectors(ids: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    const current = fleet;
    for (const cluster of ['gpu-prod', 'gpu-dev']) {
      const pods = ids.flatMap(id => current.podsOf(cluster, id));
      if (pods.length === 0) continue;
      const namespaces = [...new Set(pods.map(p => p.namespace))];
      out[cluster] = namespaces
        .map(
          ns =>
            `{namespace="${ns}",pod=~"${pods
              .filter(p => p.namespace === ns)
              .map(p => p.pod)
              .join('|')}"}`,
        )
        .join(' ');
    }
    return out;
  }

  /** Runs `expr(metric)` for every namespace selector of every cluster and combines the scalars. */
  async function direct(
    sels: Record<string, string>,
    expr: (metric: (name: string) => string) => string,
    combine: (a: number, b: number) => number = (a, b) => a + b,
  ): Promise<number> {
    let total: number | undefined;
    for (const [cluster, sel] of Object.entries(sels)) {
      for (const part of sel.split(' ')) {
        const value = await fleet.prometheus[cluster].scalar(
          expr(name => `${name}${part}`),
          at,
        );
        if (Number.isNaN(value)) continue;
        total = total === undefined ? value : combine(total, value);
      }
    }
    return total ?? NaN;
  }

  /** A pod selector of `GR` narrowed to MIG instances. */
  const mig = (m: (name: string) => string) =>
    m(GR).replace(/}$/, ',GPU_I_ID!=""}');

  async function expectedUsage(ids: string[]) {
    const sels = selectors(ids);
    const sum = (e: (m: (n: string) => string) => string) => direct(sels, e);
    const max = (e: (m: (n: string) => string) => string) =>
      direct(sels, e, Math.max);
    return {
      gpusHeld: await sum(
        m =>
          `count(count by (UUID, GPU_I_ID) (count_over_time(${m(FB)}[${W}])))`,
      ),
      // MIG instances report graphics-engine activity instead of utilisation.
      utilisationMean:
        (((await sum(m => `sum(sum_over_time(${m(U)}[${W}]))`)) || 0) +
          100 *
            ((await sum(m => `sum(sum_over_time(${mig(m)}[${W}]))`)) || 0)) /
        (((await sum(m => `sum(count_over_time(${m(U)}[${W}]))`)) || 0) +
          ((await sum(m => `sum(count_over_time(${mig(m)}[${W}]))`)) || 0)),
      utilisationMax: Math.max(
        (await max(m => `max(max_over_time(${m(U)}[${W}]))`)) || 0,
        100 * ((await max(m => `max(max_over_time(${mig(m)}[${W}]))`)) || 0),
      ),
      memoryMean:
        (await sum(m => `sum(sum_over_time(${m(FB)}[${W}]))`)) /
        (await sum(m => `sum(count_over_time(${m(FB)}[${W}]))`)),
      memoryMax: await max(m => `max(max_over_time(${m(FB)}[${W}]))`),
      powerMean:
        (await sum(m => `sum(sum_over_time(${m(POWER)}[${W}]))`)) /
        (await sum(m => `sum(count_over_time(${m(POWER)}[${W}]))`)),
      idleGpuHours:
        ((await sum(
          m => `sum(count_over_time((${m(U)} < 5)[${W_STEPS}:30s]))`,
        )) || 0) *
        (30 / 3600),
      sels,
    };
  }

  it.each([['assistant-llm-finetune'], ['recs-two-tower-training']])(
    'gives the figures of %s that direct PromQL gives',
    async id => {
      const started = performance.now();
      const res = await get(
        `/api/gpu-metrics/entity?entityRef=component:default/${id}&window=${W}`,
      );
      const apiMs = performance.now() - started;
      expect(res.status).toBe(200);
      const directStarted = performance.now();
      const expected = await expectedUsage([id]);
      const directMs = performance.now() - directStarted;
      // eslint-disable-next-line no-console
      console.log(
        `entity ${id}: API ${apiMs.toFixed(
          0,
        )} ms, direct PromQL ${directMs.toFixed(0)} ms`,
      );
      const body = res.body;
      expect(body.errors).toEqual([]);
      expect(body.stepSeconds).toBe(30);
      expect(body.gpusHeld).toBe(expected.gpusHeld);
      expect(body.gpusHeld).toBeGreaterThan(0);
      expect(body.utilisation.mean).toBeCloseTo(expected.utilisationMean, 6);
      expect(body.utilisation.max).toBe(expected.utilisationMax);
      expect(body.memoryUsedMiB.mean).toBeCloseTo(expected.memoryMean, 6);
      expect(body.memoryUsedMiB.max).toBe(expected.memoryMax);
      expect(body.powerWatts.mean).toBeCloseTo(expected.powerMean, 6);
      expect(body.idleGpuHours).toBeCloseTo(expected.idleGpuHours, 6);
      expect(body.idleGpuHours).toBeGreaterThan(0);
      expect(body.series).toHaveLength(721);
      const t = at.getTime() / 1000 - 3600;
      const point = body.series.find((p: { t: number }) => p.t === t);
      const tAt = new Date(t * 1000);
      let uSum = 0;
      let uCount = 0;
      for (const [cluster, sel] of Object.entries(expected.sels)) {
        for (const part of sel.split(' ')) {
          uSum +=
            (await fleet.prometheus[cluster].scalar(`sum(${U}${part})`, tAt)) ||
            0;
          uCount +=
            (await fleet.prometheus[cluster].scalar(
              `count(${U}${part})`,
              tAt,
            )) || 0;
        }
      }
      expect(point.utilisation).toBeCloseTo(uSum / uCount, 6);
      const pods = [
        ...fleet
          .podsOf('gpu-prod', id)
          .map(p => ({ cluster: 'gpu-prod', ...p })),
        ...fleet.podsOf('gpu-dev', id).map(p => ({ cluster: 'gpu-dev', ...p })),
      ];
      expect(
        body.workloads.map(
          (w: { cluster: string; namespace: string; pod: string }) => ({
            cluster: w.cluster,
            namespace: w.namespace,
            pod: w.pod,
          }),
        ),
      ).toEqual(expect.arrayContaining(pods));
      expect(body.workloads).toHaveLength(pods.length);
    },
  );

  it('recommends the cheapest class that fits a workload holding GPUs idle', async () => {
    const res = await get(
      `/api/gpu-metrics/entity?entityRef=component:default/recs-exploration&window=${W}`,
    );
    expect(res.status).toBe(200);
    const peak = await fleet.prometheus['gpu-dev'].scalar(
      `max(max_over_time(${FB}{namespace="recommendations",pod=~"recs-exploration.*"}[${W}]))`,
      at,
    );
    expect(res.body.gpusHeld).toBe(2);
    expect(res.body.memoryUsedMiB.max).toBe(peak);
    // An L40S (1.6/h) used at 0 % with < 1 GiB fits an H100 1g.10gb slice (0.7/h).
    expect(res.body.rightsizing).toEqual({
      current: 'l40s',
      recommended: 'h100/1g.10gb',
      reason: expect.stringContaining(`${Math.round(peak)} MiB`),
      monthlySaving: Math.round((1.6 - 0.7) * 2 * 730 * 100) / 100,
    });
  });

  it('gives a group the figures of everything it and its sub-groups own', async () => {
    const started = performance.now();
    const res = await get(
      `/api/gpu-metrics/group?groupRef=group:default/ml-org&window=${W}`,
    );
    const apiMs = performance.now() - started;
    expect(res.status).toBe(200);
    const ids = [
      'assistant-llm-finetune',
      'assistant-api',
      'recs-two-tower-training',
      'recs-serving',
    ];
    const directStarted = performance.now();
    const expected = await expectedUsage(ids);
    // eslint-disable-next-line no-console
    console.log(
      `group ml-org: API ${apiMs.toFixed(0)} ms, direct PromQL ${(
        performance.now() - directStarted
      ).toFixed(0)} ms`,
    );
    expect(res.body.gpusHeld).toBe(expected.gpusHeld);
    expect(res.body.utilisation.mean).toBeCloseTo(expected.utilisationMean, 6);
    expect(res.body.utilisation.max).toBe(expected.utilisationMax);
    expect(res.body.memoryUsedMiB.mean).toBeCloseTo(expected.memoryMean, 6);
    expect(res.body.idleGpuHours).toBeCloseTo(expected.idleGpuHours, 6);
    expect(
      res.body.entities.map((e: { entityRef: string }) => e.entityRef).sort(),
    ).toEqual(
      // recs-exploration selects a subset of recs-two-tower-training's pods.
      [...ids, 'recs-exploration'].map(id => `component:default/${id}`).sort(),
    );
    const finetune = res.body.entities.find(
      (e: { entityRef: string }) =>
        e.entityRef === 'component:default/assistant-llm-finetune',
    );
    const alone = await expectedUsage(['assistant-llm-finetune']);
    expect(finetune.gpusHeld).toBe(alone.gpusHeld);
    expect(finetune.utilisationMean).toBeCloseTo(alone.utilisationMean, 6);
  });

  it('gives the fleet per-model distributions that direct PromQL gives', async () => {
    const started = performance.now();
    const res = await get(`/api/gpu-metrics/fleet?window=${W}`);
    const apiMs = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    const directStarted = performance.now();
    const meanOf = (sel: string) =>
      `sum by (Hostname, gpu, UUID, modelName) (sum_over_time(${sel}[${W}])) / sum by (Hostname, gpu, UUID, modelName) (count_over_time(${sel}[${W}]))`;
    // GPUs in MIG mode count with the mean activity of their instances.
    const gpuMean = `(${meanOf(U)}) or 100 * (${meanOf(
      `${GR}{GPU_I_ID!=""}`,
    )})`;
    for (const cluster of ['gpu-prod', 'gpu-dev']) {
      const prom = fleet.prometheus[cluster];
      const [counts, means, p50s, p90s] = await Promise.all([
        prom.query(`count by (modelName) (${gpuMean})`, at),
        prom.query(`avg by (modelName) (${gpuMean})`, at),
        prom.query(`quantile by (modelName) (0.5, ${gpuMean})`, at),
        prom.query(`quantile by (modelName) (0.9, ${gpuMean})`, at),
      ]);
      const rows = res.body.clusters.filter(
        (c: { cluster: string }) => c.cluster === cluster,
      );
      expect(rows).toHaveLength(counts.length);
      for (const row of rows) {
        const of = (r: typeof counts) =>
          r.find(s => s.metric.modelName === row.modelName)!.value;
        expect(row.gpus).toBe(of(counts));
        expect(row.utilisation.mean).toBeCloseTo(of(means), 6);
        expect(row.utilisation.p50).toBeCloseTo(of(p50s), 6);
        expect(row.utilisation.p90).toBeCloseTo(of(p90s), 6);
        expect(row.histogram).toHaveLength(10);
        expect(
          row.histogram.reduce(
            (a: number, b: { count: number }) => a + b.count,
            0,
          ),
        ).toBe(row.gpus);
      }
    }
    // eslint-disable-next-line no-console
    console.log(
      `fleet: API ${apiMs.toFixed(0)} ms, direct PromQL ${(
        performance.now() - directStarted
      ).toFixed(0)} ms`,
    );
  });

  it('finds exactly the GPUs the simulation made idle', async () => {
    const res = await get(`/api/gpu-metrics/fleet?window=${W}`);
    expect(res.status).toBe(200);
    const found = new Set<string>(
      res.body.idle.map(
        (g: { cluster: string; namespace: string; pod: string }) =>
          `${g.cluster}/${g.namespace}/${g.pod}`,
      ),
    );
    const idle = new Set(
      ['gpu-prod', 'gpu-dev'].flatMap(c =>
        fleet
          .holders(c)
          .filter(h => h.profile === 'idle')
          .map(h => `${c}/${h.namespace}/${h.pod}`),
      ),
    );
    expect(idle.size).toBeGreaterThan(0);
    expect(found).toEqual(idle);
    expect([...found].map(k => k.split('/')[2])).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^assistant-llm-finetune/),
        expect.stringMatching(/^recs-exploration/),
      ]),
    );
    for (const g of res.body.idle) {
      const hours =
        ((await fleet.prometheus[g.cluster].scalar(
          `count_over_time((${U}{namespace="${g.namespace}",pod="${g.pod}",UUID="${g.uuid}"} < 5)[${W_STEPS}:30s])`,
          at,
        )) *
          30) /
        3600;
      expect(g.idleHours).toBeCloseTo(hours, 6);
      expect(g.wastedGpuHours).toBeCloseTo(hours, 6);
    }
    // A GPU idle all window long counts the window's hours, not a step more.
    const longest = Math.max(
      ...res.body.idle.map((g: { idleHours: number }) => g.idleHours),
    );
    expect(longest).toBeCloseTo(6, 6);
    const wasted = res.body.idle.map(
      (g: { wastedGpuHours: number }) => g.wastedGpuHours,
    );
    expect(wasted).toEqual([...wasted].sort((a, b) => b - a));
  });

  it("names each idle GPU's owner through its pod's kubernetes-id", async () => {
    const res = await get(`/api/gpu-metrics/fleet?window=${W}`);
    expect(res.status).toBe(200);
    const labelled = testEntities.filter(
      e =>
        e.kind === 'Component' &&
        /^[a-z0-9-]+$/.test(
          e.metadata.annotations?.['backstage.io/kubernetes-id'] ?? '',
        ),
    );
    const current = fleet;
    for (const g of res.body.idle) {
      const owner = labelled.find(e =>
        current
          .podsOf(
            g.cluster,
            e.metadata.annotations!['backstage.io/kubernetes-id'],
          )
          .some(p => p.namespace === g.namespace && p.pod === g.pod),
      );
      expect(owner).toBeDefined();
      expect(g.entityRef).toBe(`component:default/${owner!.metadata.name}`);
      expect(g.team).toBe(owner!.relations![0].targetRef);
    }
    const teams = new Set(res.body.idle.map((g: { team: string }) => g.team));
    expect(teams).toEqual(
      new Set([
        'group:default/conversational-ai',
        'group:default/recommendations',
      ]),
    );
  });

  it('lists idle GPUs to AI agents through the actions registry', async () => {
    const invoked = await request(server)
      .post(
        '/api/gpu-metrics/.backstage/actions/v1/actions/gpu-metrics:list-idle-gpus/invoke',
      )
      .set(...as(testUsers.viewer))
      .send({ window: W, team: 'group:default/recommendations' });
    expect(invoked.status).toBe(200);
    const fleetRes = await get(`/api/gpu-metrics/fleet?window=${W}`);
    const expected = fleetRes.body.idle.filter(
      (g: { team: string }) => g.team === 'group:default/recommendations',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(
      invoked.body.output.items.map((i: { pod: string }) => i.pod),
    ).toEqual(expected.map((g: { pod: string }) => g.pod));
    expect(invoked.body.output.items[0]).toMatchObject({
      team: 'group:default/recommendations',
      entityRef: 'component:default/recs-two-tower-training',
    });
  });

  /** Sum over count of `U` samples matching `sel` in the `range` before `t`, as the test writes it. */
  async function sampleMean(
    cluster: string,
    sel: string,
    range: string,
    t: Date,
  ) {
    const prom = fleet.prometheus[cluster];
    return (
      (await prom.scalar(`sum(sum_over_time(${U}${sel}[${range}]))`, t)) /
      (await prom.scalar(`sum(count_over_time(${U}${sel}[${range}]))`, t))
    );
  }

  it('gives a row per node with the mean of its raw samples per 5-minute bucket', async () => {
    const res = await get(
      `/api/gpu-metrics/fleet/heatmap?window=${W}&cluster=gpu-dev`,
    );
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({
      rowKind: 'node',
      bucketSeconds: 300,
      end: at.getTime() / 1000,
      start: at.getTime() / 1000 - 6 * 3600,
      offset: 0,
      limit: 50,
      errors: [],
    });
    const nodes = await fleet.prometheus['gpu-dev'].scalar(
      `count(count by (Hostname) (count_over_time(${U}[${W}])))`,
      at,
    );
    expect(body.total).toBe(nodes);
    expect(body.rows).toHaveLength(nodes);
    const row = body.rows.find((r: { gpus: number }) => r.gpus === 4);
    expect(row.gpu).toBeUndefined();
    expect(row.values).toHaveLength(72);
    const sel = `{Hostname="${row.hostname}"}`;
    expect(row.gpus).toBe(
      await fleet.prometheus['gpu-dev'].scalar(
        `count(count by (gpu, UUID) (count_over_time(${U}${sel}[${W}])))`,
        at,
      ),
    );
    // The bucket ending 30 minutes before the end: every sample of the node's GPUs alike.
    const t = new Date(at.getTime() - 1800_000);
    expect(row.values[72 - 1 - 6]).toBeCloseTo(
      await sampleMean('gpu-dev', sel, '300s', t),
      9,
    );
    expect(row.mean).toBeCloseTo(await sampleMean('gpu-dev', sel, W, at), 9);
  });

  it("gives a row per GPU of a node, and the node's mean weighs their samples", async () => {
    const nodes = await get(
      `/api/gpu-metrics/fleet/heatmap?window=${W}&cluster=gpu-dev`,
    );
    const node = nodes.body.rows[0];
    const res = await get(
      `/api/gpu-metrics/fleet/heatmap?window=${W}&cluster=gpu-dev&node=${node.hostname}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.rowKind).toBe('gpu');
    expect(res.body.rows).toHaveLength(node.gpus);
    expect(res.body.rows.map((r: { gpu: string }) => r.gpu)).toEqual(
      Array.from({ length: node.gpus }, (_, i) => String(i)),
    );
    const gpu = res.body.rows[1];
    expect(gpu).toMatchObject({ hostname: node.hostname, gpus: 1 });
    const sel = `{Hostname="${node.hostname}",gpu="1"}`;
    const t = new Date(at.getTime() - 1800_000);
    expect(gpu.values[72 - 1 - 6]).toBeCloseTo(
      await sampleMean('gpu-dev', sel, '300s', t),
      9,
    );
    expect(gpu.mean).toBeCloseTo(await sampleMean('gpu-dev', sel, W, at), 9);
  });

  it('pages the nodes of every cluster in cluster and hostname order', async () => {
    const all = await get(`/api/gpu-metrics/fleet/heatmap?window=${W}`);
    expect(all.status).toBe(200);
    const names = (body: {
      rows: Array<{ cluster: string; hostname: string }>;
    }) => body.rows.map(r => `${r.cluster}/${r.hostname}`);
    expect(all.body.total).toBe(all.body.rows.length);
    expect(
      new Set(all.body.rows.map((r: { cluster: string }) => r.cluster)),
    ).toEqual(new Set(['gpu-dev', 'gpu-prod']));
    const pages = [];
    for (let offset = 0; offset < all.body.total; offset += 3) {
      const page = await get(
        `/api/gpu-metrics/fleet/heatmap?window=${W}&offset=${offset}&limit=3`,
      );
      expect(page.body).toMatchObject({
        total: all.body.total,
        offset,
        limit: 3,
      });
      expect(page.body.rows.length).toBeLessThanOrEqual(3);
      pages.push(...names(page.body));
    }
    expect(pages).toEqual(names(all.body));
    expect(pages).toEqual(
      [...pages].sort(new Intl.Collator('en', { numeric: true }).compare),
    );
  });

  it("reads MIG instances' utilisation from their graphics-engine activity", async () => {
    const res = await get(
      `/api/gpu-metrics/entity?entityRef=component:default/assistant-api&window=${W}`,
    );
    expect(res.status).toBe(200);
    const sels = selectors(['assistant-api']);
    // NVML reports no utilisation for MIG instances: the fallback is the only source.
    expect(
      await direct(sels, m => `count(count_over_time(${m(U)}[${W}]))`),
    ).toBeNaN();
    const mean =
      (100 * (await direct(sels, m => `sum(sum_over_time(${mig(m)}[${W}]))`))) /
      (await direct(sels, m => `sum(count_over_time(${mig(m)}[${W}]))`));
    expect(mean).toBeGreaterThan(0);
    expect(res.body.utilisation.mean).toBeCloseTo(mean, 6);

    const heatmap = await get(
      `/api/gpu-metrics/fleet/heatmap?window=${W}&cluster=gpu-prod`,
    );
    const migGpus = await fleet.prometheus['gpu-prod'].scalar(
      `count(count by (Hostname, gpu, UUID) (last_over_time(${GR}{GPU_I_ID!=""}[5m])))`,
      at,
    );
    expect(migGpus).toBeGreaterThan(0);
    const wholeGpus = await fleet.prometheus['gpu-prod'].scalar(
      `count(count by (Hostname, gpu, UUID) (last_over_time(${U}[5m])))`,
      at,
    );
    // A GPU in MIG mode is a row of its node like any other.
    expect(
      heatmap.body.rows.reduce(
        (n: number, r: { gpus: number }) => n + r.gpus,
        0,
      ),
    ).toBe(wholeGpus + migGpus);
  });

  it('neutralises hostile label values in the queries it sends', async () => {
    const queries = GpuQueries.forCluster({
      metrics: DEFAULT_METRIC_NAMES,
      cluster: 'gpu-prod',
    });
    const hostile = new Map([
      ['x"} or vector(1) #', ['a.*|b\n']],
      ['conversational-ai', ['.*']],
    ]);
    const expr = `count(${queries.selectPods('utilisation', hostile)})`;
    expect(expr).toBe(
      'count((DCGM_FI_DEV_GPU_UTIL{namespace="conversational-ai",pod=~"\\\\.\\\\*"} or ' +
        'DCGM_FI_DEV_GPU_UTIL{namespace="x\\"} or vector(1) #",pod=~"a\\\\.\\\\*\\\\|b\\n"}))',
    );
    expect(await fleet.prometheus['gpu-prod'].query(expr, at)).toEqual([]);
  });

  it("counts a team's workloads and skips its entities with bad annotations", async () => {
    const res = await get(
      `/api/gpu-metrics/group?groupRef=group:default/search-relevance&window=${W}`,
      testUsers.other,
    );
    expect(res.status).toBe(200);
    const alone = await expectedUsage(['search-ranker-training']);
    // recs-serving-by-selector selects recs-serving's pods in recommendations.
    const both = await expectedUsage([
      'search-ranker-training',
      'recs-serving',
    ]);
    expect(alone.gpusHeld).toBeGreaterThan(0);
    expect(res.body.gpusHeld).toBe(both.gpusHeld);
    expect(
      res.body.entityErrors.map((e: { entityRef: string }) => e.entityRef),
    ).toEqual([
      'component:default/hostile-id',
      'component:default/hostile-namespace',
      'component:default/hostile-newline',
      'component:default/hostile-regex',
      'component:default/hostile-selector',
    ]);
    expect(res.body.truncated).toBeNull();
    const ranker = res.body.entities.find(
      (e: { entityRef: string }) =>
        e.entityRef === 'component:default/search-ranker-training',
    );
    expect(ranker.gpusHeld).toBe(alone.gpusHeld);

    const denied = await get(
      `/api/gpu-metrics/group?groupRef=group:default/search-relevance&window=${W}`,
      testUsers.member,
    );
    expect(denied.status).toBe(403);
  });

  it('reports a stopped Prometheus per cluster by its cluster key, and 503 when all are down', async () => {
    const devUrl = fleet.prometheus['gpu-dev'].url;
    const prodUrl = fleet.prometheus['gpu-prod'].url;
    await fleet.prometheus['gpu-dev'].stop();
    const partial = await get(
      '/api/gpu-metrics/entity?entityRef=component:default/assistant-llm-finetune&window=1h',
    );
    expect(partial.status).toBe(200);
    expect(partial.body.errors).toEqual([
      {
        cluster: 'gpu-dev',
        message:
          "The Prometheus configured for cluster 'gpu-dev' is unreachable",
      },
    ]);
    expect(JSON.stringify(partial.body)).not.toContain(devUrl);
    expect(partial.body.gpusHeld).toBeGreaterThan(0);

    await fleet.prometheus['gpu-prod'].stop();
    const down = await get('/api/gpu-metrics/fleet?window=1h');
    expect(down.status).toBe(503);
    expect(down.body.error.name).toBe('ServiceUnavailableError');
    expect(down.body.error.message).toContain("cluster 'gpu-prod'");
    expect(down.body.error.message).not.toContain(prodUrl);
    expect(down.body.error.message).not.toContain(new URL(prodUrl).host);
  });
});
