import { holder } from '../dcgm/__testUtils__/fixtureNodes';
import { parseExposition } from '../dcgm/__testUtils__/parseExposition';
import { checkMetrics } from '../dcgm/__testUtils__/promtool';
import { GpuHolder } from '../topology/types';
import { renderVllmMetrics } from '../vllm/renderVllmMetrics';
import { vllmServerModel } from '../vllm/vllmServerModel';
import {
  TOKEN_USAGE_METRIC,
  renderGatewayMetrics,
} from './renderGatewayMetrics';

const seed = 9;
const at = new Date('2026-03-10T14:30:00Z');
const MODEL = 'meta-llama/Llama-3.1-70B-Instruct';
const callers = { 'assistant-api': 0.45, 'recs-serving': 0.3 };
const replica = (pod: string): GpuHolder =>
  holder('inference', pod, new Date('2026-03-01T06:00:00Z'), {
    namespace: 'ml-platform',
    servedModel: MODEL,
    gatewayCallers: callers,
    app: 'shared-llm-inference',
  });
const replicas = [
  replica('shared-llm-inference-0'),
  replica('shared-llm-inference-1'),
];

const family = () =>
  parseExposition(renderGatewayMetrics(replicas, at, { seed })).find(
    f => f.name === TOKEN_USAGE_METRIC,
  )!;
const sums = (tokenType: string) =>
  family()
    .samples.filter(
      s =>
        s.name === `${TOKEN_USAGE_METRIC}_sum` &&
        Object.fromEntries(s.labels).gen_ai_token_type === tokenType,
    )
    .map(s => ({
      caller: Object.fromEntries(s.labels).user_id,
      value: s.value,
    }));

describe('renderGatewayMetrics', () => {
  it('is valid exposition, one histogram series per caller and token type', () => {
    const text = renderGatewayMetrics(replicas, at, { seed });
    // promtool exits 0 only when it finds nothing to say.
    expect(checkMetrics(text)).toMatchObject({ status: 0, findings: [] });
    expect(family().type).toBe('histogram');
    expect(
      sums('input')
        .map(s => s.caller)
        .sort(),
    ).toEqual(['assistant-api', 'recs-serving', undefined]);
    const labels = Object.fromEntries(family().samples[0].labels);
    expect(labels).toMatchObject({
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: 'openai',
      gen_ai_request_model: MODEL,
      server_address: 'shared-llm-inference.ml-platform.svc',
    });
  });

  it("splits exactly the servers' whole requests among the callers, the rest unattributed", () => {
    for (const [type, perRequest] of [
      ['input', 'promptTokensPerRequest'],
      ['output', 'generationTokensPerRequest'],
    ] as const) {
      const expected = replicas.reduce((total, r) => {
        const model = vllmServerModel(r, seed);
        return (
          total +
          Math.floor(model.requests(at.getTime()).total) * model[perRequest]
        );
      }, 0);
      const got = sums(type);
      expect(got.reduce((a, s) => a + s.value, 0)).toBe(expected);
      // Each caller's part follows its share, to within a request.
      const attributed = Object.fromEntries(got.map(s => [s.caller, s.value]));
      expect(attributed['assistant-api'] / expected).toBeCloseTo(0.45, 2);
      expect(attributed['recs-serving'] / expected).toBeCloseTo(0.3, 2);
      expect(attributed.undefined / expected).toBeCloseTo(0.25, 2);
    }
  });

  it("agrees with the servers' own vLLM token counters to within one request each", () => {
    const served = replicas.reduce((total, r) => {
      const vllm = parseExposition(renderVllmMetrics(r, at, { seed })).find(
        f => f.name === 'vllm:prompt_tokens_total',
      )!;
      return total + vllm.samples[0].value;
    }, 0);
    const gateway = sums('input').reduce((a, s) => a + s.value, 0);
    const largest = Math.max(
      ...replicas.map(r => vllmServerModel(r, seed).promptTokensPerRequest),
    );
    expect(served - gateway).toBeGreaterThanOrEqual(0);
    expect(served - gateway).toBeLessThan(largest * replicas.length);
  });

  it('leaves out servers nobody calls through the gateway', () => {
    const direct = holder('inference', 'direct-0', new Date('2026-03-01'), {
      servedModel: MODEL,
    });
    expect(renderGatewayMetrics([direct], at, { seed })).not.toContain(
      '_bucket',
    );
  });
});
