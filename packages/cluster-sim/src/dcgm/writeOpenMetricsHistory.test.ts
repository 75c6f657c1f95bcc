import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { NodeGpus } from '../topology/types';
import { dcgmCounters } from './counters';
import { defaultExporterPod } from './defaultExporterPod';
import { renderDcgmMetrics } from './renderDcgmMetrics';
import {
  HistoryStats,
  writeOpenMetricsHistory,
} from './writeOpenMetricsHistory';
import { H100, L4, holder, nodeWith } from './__testUtils__/fixtureNodes';
import { familiesByName, label } from './__testUtils__/fixtureParse';
import { ParsedFamily, parseExposition } from './__testUtils__/parseExposition';
import { startPrometheus } from '../prometheus/startPrometheus';
import { runPromtool } from './__testUtils__/promtool';
import { readDcgmFixture } from './__testUtils__/referenceFixtures';

jest.setTimeout(120_000);

const seed = 11;
const start = new Date('2026-03-09T22:00:00Z');
const end = new Date('2026-03-10T00:00:00Z');
const trainingSince = new Date('2026-03-09T23:00:00Z');
const nodes: NodeGpus[] = [
  nodeWith('node-a', H100, [
    holder('training', 'train-a', trainingSince),
    undefined,
  ]),
  nodeWith('node-b', L4, [
    holder('inference', 'vllm-b', new Date('2026-03-01T00:00:00Z'), {
      servedModel: 'm',
    }),
    holder('notebook', 'nb-b'),
  ]),
];

/** Labels that identify a device series in both a live scrape and the history. */
const seriesKey = (name: string, labels: Array<[string, string]>) =>
  `${name}|${label({ labels }, 'UUID')}|${label({ labels }, 'pod') ?? ''}`;

describe('writeOpenMetricsHistory', () => {
  let dir: string;
  let file: string;
  let text: string;
  let stats: HistoryStats;
  let families: ParsedFamily[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcgm-history-'));
    file = join(dir, 'history.om');
    const out = createWriteStream(file);
    stats = await writeOpenMetricsHistory(nodes, out, { seed, start, end });
    await new Promise<void>(resolve => out.end(resolve));
    text = readFileSync(file, 'utf8');
    families = parseExposition(text, { openMetrics: true });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes valid OpenMetrics: one block per family, metadata first, # EOF last', () => {
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(families.map(f => f.name)).toEqual(dcgmCounters.map(c => c.name));
    for (const family of families) {
      const counter = dcgmCounters.find(c => c.name === family.name)!;
      expect(family.help).toBe(counter.help);
      // OpenMetrics counters need _total samples; unknown keeps the exact name.
      expect(family.type).toBe(
        counter.type === 'counter' ? 'unknown' : 'gauge',
      );
    }
    const samples = families.reduce((n, f) => n + f.samples.length, 0);
    expect(samples).toBe(stats.samples);
    expect(stats.bytes).toBe(Buffer.byteLength(text));
  });

  it('samples every 30 s of [start, end) with timestamps in seconds', () => {
    const util = families.find(f => f.name === 'DCGM_FI_DEV_GPU_UTIL')!;
    const unheldGpu = util.samples.filter(
      s => label(s, 'UUID') === nodes[0].devices[1].uuid,
    );
    expect(unheldGpu.map(s => Number(s.timestamp))).toEqual(
      Array.from({ length: 240 }, (_, i) => start.getTime() / 1000 + 30 * i),
    );
  });

  it('agrees with live scrapes at the same instants', () => {
    const history = new Map<string, number>();
    for (const family of families) {
      for (const s of family.samples) {
        history.set(
          `${seriesKey(family.name, s.labels)}|${s.timestamp}`,
          s.value,
        );
      }
    }
    for (const at of [
      start,
      new Date('2026-03-09T23:00:00Z'),
      new Date('2026-03-09T23:59:30Z'),
    ]) {
      for (const node of nodes) {
        const exporterPod = defaultExporterPod(node.hostname, seed);
        const live = renderDcgmMetrics(node, at, { seed, exporterPod });
        for (const family of familiesByName(live).values()) {
          for (const s of family.samples) {
            const key = `${seriesKey(family.name, s.labels)}|${
              at.getTime() / 1000
            }`;
            expect([key, history.get(key)]).toEqual([key, s.value]);
          }
        }
      }
    }
  });

  it('stores the labels Prometheus stores for the real exporter', () => {
    const stored = JSON.parse(readDcgmFixture('prometheus-api-query-util.json'))
      .data.result as Array<{
      metric: Record<string, string>;
    }>;
    const realNames = (pod: (p: string) => boolean) =>
      Object.keys(stored.find(r => pod(r.metric.pod))!.metric)
        .filter(n => n !== '__name__')
        .sort();
    const util = families.find(f => f.name === 'DCGM_FI_DEV_GPU_UTIL')!;
    const names = (s: { labels: Array<[string, string]> }) =>
      s.labels.map(([n]) => n).sort();
    const heldSample = util.samples.find(s => label(s, 'pod') === 'vllm-b')!;
    const unheldSample = util.samples.find(
      s => label(s, 'UUID') === nodes[0].devices[1].uuid,
    )!;
    expect(names(heldSample)).toEqual(
      realNames(p => !p.startsWith('nvidia-dcgm-exporter')),
    );
    expect(names(unheldSample)).toEqual(
      realNames(p => p.startsWith('nvidia-dcgm-exporter')),
    );
    expect(label(unheldSample, 'pod')).toBe(
      defaultExporterPod('node-a', seed).pod,
    );
    expect(label(unheldSample, 'namespace')).toBe('gpu-operator');
    expect(label(unheldSample, 'job')).toBe('nvidia-dcgm-exporter');
    expect(label(unheldSample, 'instance')).toBe('node-a:9400');
  });

  it('starts a new series when a pod takes a device', () => {
    const util = families.find(f => f.name === 'DCGM_FI_DEV_GPU_UTIL')!;
    const gpu = util.samples.filter(
      s => label(s, 'UUID') === nodes[0].devices[0].uuid,
    );
    const before = gpu.filter(s =>
      label(s, 'pod')!.startsWith('nvidia-dcgm-exporter-'),
    );
    const after = gpu.filter(s => label(s, 'pod') === 'train-a');
    expect(before).toHaveLength(120);
    expect(after).toHaveLength(120);
    expect(Number(after[0].timestamp)).toBe(trainingSince.getTime() / 1000);
    expect(Math.max(...before.map(s => s.value))).toBe(0);
    expect(Math.min(...after.map(s => s.value))).toBeGreaterThan(90);
  });

  it('waits for drain on a slow stream and keeps only small chunks in flight', async () => {
    let writes = 0;
    let largest = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        writes++;
        largest = Math.max(largest, chunk.length);
        setImmediate(callback);
      },
    });
    const result = await writeOpenMetricsHistory(nodes, slow, {
      seed,
      start,
      end,
    });
    expect(result.samples).toBe(stats.samples);
    expect(writes).toBeGreaterThan(10);
    expect(largest).toBeLessThan(256 * 1024);
  });

  it('imports with promtool into TSDB blocks that Prometheus serves with the same values', async () => {
    const tsdb = join(dir, 'tsdb');
    const result = runPromtool([
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      file,
      tsdb,
    ]);
    expect(result.error).toBeUndefined();
    expect([result.status, result.output]).toEqual([
      0,
      expect.stringContaining('NUM SAMPLES'),
    ]);
    const imported = result.output
      .split('\n')
      .filter(line => /^[0-9A-Z]{26}\s/.test(line))
      .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[4]), 0);
    expect(imported).toBe(stats.samples);

    const prometheus = await startPrometheus(tsdb, dir);
    try {
      const at = new Date('2026-03-09T23:30:00Z');
      const live = new Map<string, number>();
      for (const node of nodes) {
        const scraped = familiesByName(renderDcgmMetrics(node, at, { seed }));
        for (const name of [
          'DCGM_FI_DEV_GPU_UTIL',
          'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
        ]) {
          for (const s of scraped.get(name)!.samples) {
            live.set(`${name}|${label(s, 'UUID')}`, s.value);
          }
        }
      }
      for (const name of [
        'DCGM_FI_DEV_GPU_UTIL',
        'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
      ]) {
        const vector = await prometheus.query(name, at);
        expect(vector).toHaveLength(4);
        for (const { metric, value } of vector) {
          expect(metric.__name__).toBe(name);
          expect(Number(value[1])).toBe(live.get(`${name}|${metric.UUID}`));
        }
      }
      const rate = await prometheus.query(
        'sum by (Hostname) (rate(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION[10m])) / 1000',
        at,
      );
      const watts = Object.fromEntries(
        rate.map(r => [r.metric.Hostname, Number(r.value[1])]),
      );
      // node-a: a training H100 plus an idle one; node-b: two L4s.
      expect(watts['node-a']).toBeGreaterThan(400);
      expect(watts['node-b']).toBeLessThan(150);
    } finally {
      await prometheus.stop();
    }
  });
});
