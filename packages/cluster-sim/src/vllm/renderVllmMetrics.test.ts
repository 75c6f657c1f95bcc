import { GpuHolder } from '../topology/types';
import { gpuModels } from '../dcgm/gpuModels';
import { H100, holder, nodeWith } from '../dcgm/__testUtils__/fixtureNodes';
import { label } from '../dcgm/__testUtils__/fixtureParse';
import {
  ParsedFamily,
  parseExposition,
} from '../dcgm/__testUtils__/parseExposition';
import { checkMetrics } from '../dcgm/__testUtils__/promtool';
import { renderVllmMetrics } from './renderVllmMetrics';

const HOUR = 3_600_000;
const day = Date.parse('2026-03-10T00:00:00Z');
const seed = 9;
const server: GpuHolder = holder(
  'inference',
  'vllm-llama-0',
  new Date('2026-03-01T06:00:00.5Z'),
  {
    namespace: 'serving',
    servedModel: 'meta-llama/Llama-3.1-8B-Instruct',
  },
);

const scrape = (at: number, h: GpuHolder = server, s = seed) =>
  new Map(
    parseExposition(renderVllmMetrics(h, new Date(at), { seed: s })).map(f => [
      f.name,
      f,
    ]),
  );
/** The value of the first sample named `name` whose labels include `where`. */
const value = (
  families: Map<string, ParsedFamily>,
  name: string,
  where: Record<string, string> = {},
) =>
  [...families.values()]
    .flatMap(f => f.samples)
    .find(
      s =>
        s.name === name &&
        Object.entries(where).every(([k, v]) => label(s, k) === v),
    )!.value;

describe('renderVllmMetrics', () => {
  const text = renderVllmMetrics(server, new Date(day + 14 * HOUR), { seed });
  const families = parseExposition(text);

  it('exposes the families under the names vLLM uses', () => {
    expect(families.map(f => `${f.name} ${f.type}`)).toEqual([
      'vllm:num_requests_running gauge',
      'vllm:num_requests_waiting gauge',
      'vllm:kv_cache_usage_perc gauge',
      'vllm:prefix_cache_queries_total counter',
      'vllm:prefix_cache_queries_created gauge',
      'vllm:prefix_cache_hits_total counter',
      'vllm:prefix_cache_hits_created gauge',
      'vllm:num_preemptions_total counter',
      'vllm:num_preemptions_created gauge',
      'vllm:prompt_tokens_total counter',
      'vllm:prompt_tokens_created gauge',
      'vllm:generation_tokens_total counter',
      'vllm:generation_tokens_created gauge',
      'vllm:request_success_total counter',
      'vllm:request_success_created gauge',
      'vllm:time_to_first_token_seconds histogram',
      'vllm:time_to_first_token_seconds_created gauge',
      'vllm:inter_token_latency_seconds histogram',
      'vllm:inter_token_latency_seconds_created gauge',
      'vllm:e2e_request_latency_seconds histogram',
      'vllm:e2e_request_latency_seconds_created gauge',
    ]);
  });

  it('parses with promtool, which only objects to the colons vLLM uses', () => {
    const result = checkMetrics(text);
    expect(result.status).toBe(3);
    expect(result.findings).toEqual(["metric names should not contain ':'"]);
  });

  it('labels every sample with sorted engine and model_name', () => {
    for (const family of families) {
      for (const sample of family.samples) {
        const names = sample.labels.map(([n]) => n);
        expect(names).toEqual([...names].sort());
        expect(label(sample, 'model_name')).toBe(
          'meta-llama/Llama-3.1-8B-Instruct',
        );
        expect(label(sample, 'engine')).toBe('0');
      }
    }
    const reasons = families.find(
      f => f.name === 'vllm:request_success_total',
    )!.samples;
    expect(reasons.map(s => label(s, 'finished_reason'))).toEqual([
      'stop',
      'length',
      'abort',
    ]);
    expect(
      value(
        new Map(families.map(f => [f.name, f])),
        'vllm:prompt_tokens_created',
      ),
    ).toBe(server.since.getTime() / 1000);
  });

  it.each([
    'vllm:time_to_first_token_seconds',
    'vllm:inter_token_latency_seconds',
    'vllm:e2e_request_latency_seconds',
  ])('%s is a cumulative histogram', name => {
    const samples = families.find(f => f.name === name)!.samples;
    const buckets = samples.filter(s => s.name === `${name}_bucket`);
    const bounds = buckets.map(s =>
      Number(label(s, 'le') === '+Inf' ? Infinity : label(s, 'le')),
    );
    expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
    expect(bounds[bounds.length - 1]).toBe(Infinity);
    buckets
      .slice(1)
      .forEach((b, i) =>
        expect(b.value).toBeGreaterThanOrEqual(buckets[i].value),
      );
    const count = samples.find(s => s.name === `${name}_count`)!.value;
    expect(count).toBe(buckets[buckets.length - 1].value);
    expect(count).toBeGreaterThan(0);
    expect(samples.map(s => s.name.slice(name.length))).toEqual([
      ...buckets.map(() => '_bucket'),
      '_count',
      '_sum',
    ]);
  });

  it('keeps every counter and bucket monotonic over two days', () => {
    let previous: Map<string, number> | undefined;
    for (let t = day; t < day + 2 * 24 * HOUR; t += 20 * 60_000) {
      const current = new Map<string, number>();
      for (const family of scrape(t).values()) {
        if (family.type === 'counter' || family.type === 'histogram') {
          family.samples.forEach(s =>
            current.set(`${s.name}${JSON.stringify(s.labels)}`, s.value),
          );
        }
      }
      previous?.forEach((v, k) =>
        expect(current.get(k)!).toBeGreaterThanOrEqual(v),
      );
      previous = current;
    }
  });

  it('follows the daily cycle of the pod GPUs', () => {
    const tokens = (t: number) =>
      value(scrape(t), 'vllm:generation_tokens_total');
    const rate = (fromHour: number, toHour: number) =>
      (tokens(day + toHour * HOUR) - tokens(day + fromHour * HOUR)) /
      ((toHour - fromHour) * 3600);
    expect(rate(12, 16) / rate(0, 4)).toBeGreaterThan(2);

    // Hour by hour, tokens track the GPU utilisation of the same pod.
    const [gpu] = gpuModels(nodeWith('n', H100, [server]), { seed });
    const util = gpu.gpu.valueOf('DCGM_FI_DEV_GPU_UTIL')!;
    const hourly = Array.from({ length: 24 }, (_, h) => {
      let sum = 0;
      for (let t = day + h * HOUR; t < day + (h + 1) * HOUR; t += 30_000)
        sum += util(t);
      return [sum / 120, rate(h, h + 1)];
    });
    const ratios = hourly.map(([u, r]) => r / u);
    const meanRatio = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    for (const ratio of ratios) {
      expect(Math.abs(ratio - meanRatio) / meanRatio).toBeLessThan(0.15);
    }
  });

  it('shows slower first tokens at the peak than at night', () => {
    const meanTtft = (fromHour: number) => {
      const a = scrape(day + fromHour * HOUR);
      const b = scrape(day + (fromHour + 1) * HOUR);
      const d = (n: string) => value(b, n) - value(a, n);
      return (
        d('vllm:time_to_first_token_seconds_sum') /
        d('vllm:time_to_first_token_seconds_count')
      );
    };
    expect(meanTtft(14)).toBeGreaterThan(1.5 * meanTtft(2));
  });

  it('starts from zero when the pod starts', () => {
    const families0 = scrape(server.since.getTime());
    expect(value(families0, 'vllm:prompt_tokens_total')).toBe(0);
    expect(value(families0, 'vllm:time_to_first_token_seconds_count')).toBe(0);
  });

  it('is deterministic for a seed and differs for another', () => {
    const at = new Date(day + 10 * HOUR);
    expect(renderVllmMetrics(server, at, { seed })).toBe(
      renderVllmMetrics(server, at, { seed }),
    );
    expect(renderVllmMetrics(server, at, { seed: seed + 1 })).not.toBe(
      renderVllmMetrics(server, at, { seed }),
    );
  });

  it('refuses a pod that serves no model', () => {
    expect(() =>
      renderVllmMetrics(holder('inference', 'bare'), new Date(day), { seed }),
    ).toThrow(/serves no model/);
  });
});
