import { once } from 'node:events';
import { Writable } from 'node:stream';
import { renderGatewayMetrics } from '../gateway/renderGatewayMetrics';
import { GpuHolder } from '../topology/types';
import { renderVllmMetrics } from '../vllm/renderVllmMetrics';

/** What {@link writeServingHistory} wrote. */
export interface ServingHistoryStats {
  samples: number;
  series: number;
}

/** The model servers of one cluster and the labels its targets carry. */
export interface ServingGroup {
  holders: GpuHolder[];
  /** Labels Prometheus adds to every scrape of the cluster (`cluster`, `instance`). */
  labels?: Record<string, string>;
}

/** The model servers among GPU holders: one per pod, whatever its GPU count. */
export function servingHolders(holders: GpuHolder[]): GpuHolder[] {
  const byPod = new Map<string, GpuHolder>();
  for (const h of holders) {
    if (h.servedModel) byPod.set(`${h.namespace}/${h.pod}`, h);
  }
  return [...byPod.values()];
}

/** Adds a target's labels to a sample's series text (`name{...}`). */
function withTargetLabels(series: string, target: Record<string, string>) {
  const extra = Object.entries(target)
    .map(([name, value]) => `${name}="${value}"`)
    .join(',');
  if (!extra) return series;
  return series.endsWith('}')
    ? `${series.slice(0, -1)},${extra}}`
    : `${series}{${extra}}`;
}

/**
 * Streams what Prometheus would have stored from scraping the model servers'
 * vLLM pages (job `vllm`, with the pod's namespace and name, as the live
 * targets label them) and the AI gateway (job `ai-gateway`) every
 * `intervalSeconds` over [start, end), as OpenMetrics for `promtool tsdb
 * create-blocks-from openmetrics`. The values are exactly what the live
 * pages serve at those instants (`_created` samples are left out). Every
 * series is written as an `unknown` family of its own name: TSDB blocks keep
 * no types, so queries see what a scrape would have stored. Ends with
 * `# EOF`; the stream is not ended.
 */
export async function writeServingHistory(
  groups: ServingGroup[],
  out: Writable,
  options: {
    seed: number;
    start: Date;
    end: Date;
    intervalSeconds?: number;
  },
): Promise<ServingHistoryStats> {
  const intervalMs = Math.round((options.intervalSeconds ?? 30) * 1000);
  const first = Math.ceil(options.start.getTime() / intervalMs) * intervalMs;
  const clusters = groups.map(g => ({
    servers: servingHolders(g.holders),
    labels: g.labels ?? {},
  }));
  // name → series text → samples, kept for one window at a time.
  const families = new Map<string, Map<string, string[]>>();
  const record = (page: string, target: Record<string, string>, t: number) => {
    for (const line of page.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const space = line.lastIndexOf(' ');
      const series = line.slice(0, space);
      const brace = series.indexOf('{');
      const name = brace < 0 ? series : series.slice(0, brace);
      if (name.endsWith('_created')) continue;
      const family = families.get(name) ?? new Map<string, string[]>();
      families.set(name, family);
      const key = withTargetLabels(series, target);
      const samples = family.get(key) ?? [];
      family.set(key, samples);
      samples.push(`${line.slice(space + 1)} ${t / 1000}`);
    }
  };
  for (let t = first; t < options.end.getTime(); t += intervalMs) {
    const at = new Date(t);
    for (const { servers, labels } of clusters) {
      const live = servers.filter(s => s.since.getTime() <= t);
      for (const server of live) {
        record(
          renderVllmMetrics(server, at, { seed: options.seed }),
          {
            job: 'vllm',
            namespace: server.namespace,
            pod: server.pod,
            ...labels,
          },
          t,
        );
      }
      if (live.some(s => s.gatewayCallers)) {
        record(
          renderGatewayMetrics(live, at, { seed: options.seed }),
          { job: 'ai-gateway', ...labels },
          t,
        );
      }
    }
  }
  const stats: ServingHistoryStats = { samples: 0, series: 0 };
  let chunk = '';
  for (const [name, family] of families) {
    chunk += `# TYPE ${name} unknown\n`;
    for (const [series, samples] of family) {
      stats.series++;
      for (const sample of samples) {
        chunk += `${series} ${sample}\n`;
        stats.samples++;
      }
      if (chunk.length >= 1 << 16) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
  }
  chunk += '# EOF\n';
  if (!out.write(chunk)) await once(out, 'drain');
  return stats;
}
