import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holder } from '../dcgm/__testUtils__/fixtureNodes';
import { parseExposition } from '../dcgm/__testUtils__/parseExposition';
import { renderGatewayMetrics } from '../gateway/renderGatewayMetrics';
import { GpuHolder } from '../topology/types';
import { renderVllmMetrics } from '../vllm/renderVllmMetrics';
import { backfillHistory } from './backfillHistory';
import { startPrometheus } from './startPrometheus';

const seed = 7;
const MODEL = 'meta-llama/Llama-3.1-70B-Instruct';
const server = (pod: string): GpuHolder =>
  holder('inference', pod, new Date('2026-03-01T00:00:00Z'), {
    namespace: 'ml-platform',
    servedModel: MODEL,
    gatewayCallers: { 'assistant-api': 0.5 },
    app: 'shared-llm',
  });
const servers = [server('shared-llm-0'), server('shared-llm-1')];

/** A sample's value on a live page, by name and label subset. */
function live(page: string, name: string, labels: Record<string, string>) {
  const family = parseExposition(page).flatMap(f => f.samples);
  const found = family.find(
    s =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) =>
        s.labels.some(([lk, lv]) => lk === k && lv === v),
      ),
  );
  return found!.value;
}

describe('serving history', () => {
  it("gives Prometheus the model servers' and the gateway's series as live scrapes show them", async () => {
    const end = new Date('2026-03-10T16:00:00Z');
    const start = new Date(end.getTime() - 3 * 3600_000);
    // The TSDB and Prometheus' folder, removed at the end.
    const work = mkdtempSync(join(tmpdir(), 'prom-serving-'));
    const result = await backfillHistory({
      nodes: [],
      seed,
      start,
      end,
      intervalSeconds: 60,
      serving: [{ holders: servers }],
      tsdbDir: join(work, 'tsdb'),
    });
    const prometheus = await startPrometheus(result.tsdbDir, work);
    try {
      const at = new Date(end.getTime() - 3600_000);
      const [tokens] = await prometheus.query(
        'vllm:prompt_tokens_total{job="vllm",pod="shared-llm-0"}',
        at,
      );
      expect(tokens.metric).toMatchObject({
        namespace: 'ml-platform',
        model_name: MODEL,
      });
      expect(Number(tokens.value[1])).toBe(
        live(
          renderVllmMetrics(servers[0], at, { seed }),
          'vllm:prompt_tokens_total',
          {},
        ),
      );
      // The gateway's callers, as one scrape of it at that instant.
      const callers = await prometheus.query(
        'gen_ai_client_token_usage_sum{job="ai-gateway",gen_ai_token_type="output"}',
        at,
      );
      const page = renderGatewayMetrics(servers, at, { seed });
      expect(callers).toHaveLength(2);
      for (const series of callers) {
        const labels: Record<string, string> = {
          gen_ai_token_type: 'output',
          ...(series.metric.user_id ? { user_id: series.metric.user_id } : {}),
        };
        const expected = parseExposition(page)
          .flatMap(f => f.samples)
          .find(
            s =>
              s.name === 'gen_ai_client_token_usage_sum' &&
              s.labels.some(
                ([k, v]) => k === 'gen_ai_token_type' && v === 'output',
              ) &&
              (labels.user_id
                ? s.labels.some(
                    ([k, v]) => k === 'user_id' && v === labels.user_id,
                  )
                : !s.labels.some(([k]) => k === 'user_id')),
          )!;
        expect(Number(series.value[1])).toBe(expected.value);
      }
      // A sample a minute over the three hours, in each of the windows.
      const [counted] = await prometheus.query(
        'count_over_time(vllm:num_requests_running{pod="shared-llm-1"}[3h])',
        end,
      );
      expect(Number(counted.value[1])).toBe(180);
    } finally {
      await prometheus.stop();
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
