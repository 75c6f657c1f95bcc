import { GpuHolder } from '../topology/types';
import { compareNames, formatLabels } from '../dcgm/formatLabels';
import { formatPythonFloat } from './formatPythonFloat';
import { VllmFamily, vllmFamilies } from './vllmFamilies';
import { LatencyMix, RequestCounts, vllmServerModel } from './vllmServerModel';

/** Options of {@link renderVllmMetrics}. */
export interface RenderVllmMetricsOptions {
  /** The topology seed. */
  seed: number;
  /** The `engine` label (data-parallel engine index); defaults to 0. */
  engine?: number;
}

/** How finished requests split by `finished_reason`. */
const FINISH_REASONS: ReadonlyArray<readonly [string, number]> = [
  ['stop', 0.9],
  ['length', 0.08],
  ['abort', 0.02],
];

type Labels = Array<[string, string]>;

/** Sample lines as prometheus_client prints them: labels sorted by name. */
function sample(name: string, labels: Labels, value: number): string {
  const sorted = [...labels].sort(([a], [b]) => compareNames(a, b));
  return `${name}${formatLabels(sorted)} ${formatPythonFloat(value)}`;
}

function histogramLines(
  family: VllmFamily,
  labels: Labels,
  mix: LatencyMix,
  counts: RequestCounts,
): string[] {
  const normal = (counts.total - counts.congested) * mix.perRequest;
  const congested = counts.congested * mix.perRequest;
  const lines = (family.buckets ?? []).map(le =>
    sample(
      `${family.name}_bucket`,
      [...labels, ['le', formatPythonFloat(le)]],
      Math.floor(
        normal * mix.normal.cdf(le) + congested * mix.congested.cdf(le),
      ),
    ),
  );
  const count = Math.floor(normal + congested);
  lines.push(
    sample(`${family.name}_bucket`, [...labels, ['le', '+Inf']], count),
  );
  lines.push(sample(`${family.name}_count`, labels, count));
  lines.push(
    sample(
      `${family.name}_sum`,
      labels,
      normal * mix.normal.mean + congested * mix.congested.mean,
    ),
  );
  return lines;
}

/**
 * The `/metrics` page of the vLLM server in an inference pod (a holder with
 * `servedModel`), as vLLM's v1 engine serves it through prometheus_client:
 * `vllm:` families with `engine` and `model_name` labels, counters with
 * `_total` and their `_created` gauges, cumulative histograms. Load follows
 * the daily cycle of the pod's GPUs; all counters are monotonic.
 */
export function renderVllmMetrics(
  holder: GpuHolder,
  at: Date,
  options: RenderVllmMetricsOptions,
): string {
  if (!holder.servedModel) {
    throw new Error(`Pod ${holder.namespace}/${holder.pod} serves no model`);
  }
  const model = vllmServerModel(holder, options.seed);
  // Counters move continuously; whole seconds keep scrapes reproducible.
  const t = Math.floor(at.getTime() / 1000) * 1000;
  const counts = model.requests(t);
  const labels: Labels = [
    ['model_name', holder.servedModel],
    ['engine', String(options.engine ?? 0)],
  ];
  const created = holder.since.getTime() / 1000;
  const promptTokens = Math.floor(counts.total * model.promptTokensPerRequest);
  const counterValues: Record<string, number> = {
    'vllm:prefix_cache_queries': promptTokens,
    'vllm:prefix_cache_hits': Math.floor(promptTokens * model.prefixHitRate),
    'vllm:num_preemptions': Math.floor(counts.congested * 0.01),
    'vllm:prompt_tokens': promptTokens,
    'vllm:generation_tokens': Math.floor(
      counts.total * model.generationTokensPerRequest,
    ),
  };
  const gaugeValues: Record<string, number> = {
    'vllm:num_requests_running': model.running(t),
    'vllm:num_requests_waiting': model.waiting(t),
    'vllm:kv_cache_usage_perc': model.kvCacheUsage(t),
  };
  const mixes: Record<string, LatencyMix> = {
    'vllm:time_to_first_token_seconds': model.ttft,
    'vllm:inter_token_latency_seconds': model.itl,
    'vllm:e2e_request_latency_seconds': model.e2e,
  };

  const out: string[] = [];
  for (const family of vllmFamilies) {
    const exposed =
      family.type === 'counter' ? `${family.name}_total` : family.name;
    out.push(
      `# HELP ${exposed} ${family.help}`,
      `# TYPE ${exposed} ${family.type}`,
    );
    const createdLines: string[] = [];
    if (family.type === 'gauge') {
      out.push(sample(family.name, labels, gaugeValues[family.name]));
    } else if (
      family.type === 'counter' &&
      family.name === 'vllm:request_success'
    ) {
      for (const [reason, share] of FINISH_REASONS) {
        const reasonLabels: Labels = [...labels, ['finished_reason', reason]];
        out.push(
          sample(exposed, reasonLabels, Math.floor(counts.total * share)),
        );
        createdLines.push(
          sample(`${family.name}_created`, reasonLabels, created),
        );
      }
    } else if (family.type === 'counter') {
      out.push(sample(exposed, labels, counterValues[family.name]));
      createdLines.push(sample(`${family.name}_created`, labels, created));
    } else {
      out.push(...histogramLines(family, labels, mixes[family.name], counts));
      createdLines.push(sample(`${family.name}_created`, labels, created));
    }
    // prometheus_client moves `_created` samples into a gauge family of their own.
    if (createdLines.length > 0) {
      out.push(
        `# HELP ${family.name}_created ${family.help}`,
        `# TYPE ${family.name}_created gauge`,
        ...createdLines,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
