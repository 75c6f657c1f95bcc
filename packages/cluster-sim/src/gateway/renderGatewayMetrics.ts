import { compareNames, formatLabels } from '../dcgm/formatLabels';
import { GpuHolder } from '../topology/types';
import { vllmServerModel } from '../vllm/vllmServerModel';

/** The bucket boundaries the semantic conventions advise for token counts. */
export const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
  16777216, 67108864,
];

/** `gen_ai.client.token.usage` as an OpenTelemetry Prometheus exporter names it. */
export const TOKEN_USAGE_METRIC = 'gen_ai_client_token_usage';

type Labels = Array<[string, string]>;

interface Series {
  labels: Labels;
  /** Cumulative count per bucket of {@link TOKEN_BUCKETS}. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * Whole requests per caller, from cumulative shares, so that the callers and
 * the unattributed rest add up to exactly the server's whole requests.
 */
function splitRequests(
  total: number,
  callers: Record<string, number>,
): Array<[string | undefined, number]> {
  const whole = Math.floor(total);
  const parts: Array<[string | undefined, number]> = [];
  let cumulative = 0;
  let given = 0;
  for (const [caller, share] of Object.entries(callers).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    cumulative += share;
    const upTo = Math.min(whole, Math.floor(total * cumulative));
    parts.push([caller, upTo - given]);
    given = upTo;
  }
  parts.push([undefined, whole - given]);
  return parts;
}

function histogram(series: Series[]): string[] {
  const lines: string[] = [];
  for (const s of series) {
    const sorted = [...s.labels].sort(([a], [b]) => compareNames(a, b));
    const bucket = (le: string, value: number) =>
      `${TOKEN_USAGE_METRIC}_bucket${formatLabels([
        ...sorted,
        ['le', le],
      ])} ${value}`;
    TOKEN_BUCKETS.forEach((le, i) =>
      lines.push(bucket(String(le), s.buckets[i])),
    );
    lines.push(
      bucket('+Inf', s.count),
      `${TOKEN_USAGE_METRIC}_sum${formatLabels(sorted)} ${s.sum}`,
      `${TOKEN_USAGE_METRIC}_count${formatLabels(sorted)} ${s.count}`,
    );
  }
  return lines;
}

/**
 * The AI gateway's `/metrics`: `gen_ai.client.token.usage` for every model
 * server called through it, per caller (`user_id`, from the semantic
 * conventions' `user.id`) and token type, from the same request counts as
 * the servers' vLLM metrics. Tokens without a known caller carry no
 * `user_id`. Replicas of one server are one upstream (`server_address`).
 */
export function renderGatewayMetrics(
  holders: GpuHolder[],
  at: Date,
  options: { seed: number },
): string {
  const t = Math.floor(at.getTime() / 1000) * 1000;
  const byKey = new Map<string, Series>();
  const seen = new Set<string>();
  for (const holder of holders) {
    if (!holder.servedModel || !holder.gatewayCallers) continue;
    // A pod with several GPUs is one server.
    const podKey = `${holder.namespace}/${holder.pod}`;
    if (seen.has(podKey)) continue;
    seen.add(podKey);
    const model = vllmServerModel(holder, options.seed);
    const server = `${holder.app ?? holder.pod}.${holder.namespace}.svc`;
    const split = splitRequests(model.requests(t).total, holder.gatewayCallers);
    for (const [type, perRequest] of [
      ['input', model.promptTokensPerRequest],
      ['output', model.generationTokensPerRequest],
    ] as const) {
      for (const [caller, requests] of split) {
        const labels: Labels = [
          ['gen_ai_operation_name', 'chat'],
          ['gen_ai_provider_name', 'openai'],
          ['gen_ai_request_model', holder.servedModel],
          ['gen_ai_response_model', holder.servedModel],
          ['gen_ai_token_type', type],
          ['server_address', server],
          ...(caller ? ([['user_id', caller]] as Labels) : []),
        ];
        // Replicas of one server are one series: their observations add up.
        const key = JSON.stringify(labels);
        const series = byKey.get(key) ?? {
          labels,
          buckets: TOKEN_BUCKETS.map(() => 0),
          sum: 0,
          count: 0,
        };
        TOKEN_BUCKETS.forEach((le, i) => {
          if (perRequest <= le) series.buckets[i] += requests;
        });
        series.sum += requests * perRequest;
        series.count += requests;
        byKey.set(key, series);
      }
    }
  }
  const series = [...byKey.values()].sort((a, b) =>
    JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1,
  );
  return [
    `# HELP ${TOKEN_USAGE_METRIC} Number of input and output tokens used.`,
    `# TYPE ${TOKEN_USAGE_METRIC} histogram`,
    ...histogram(series),
    '',
  ].join('\n');
}
