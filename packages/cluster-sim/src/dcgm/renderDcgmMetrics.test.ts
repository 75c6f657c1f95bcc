import { GpuDevice, NodeGpus } from '../topology/types';
import { renderDcgmMetrics } from './renderDcgmMetrics';
import { defaultExporterPod } from './defaultExporterPod';
import {
  A100,
  H100,
  L4,
  holder,
  migNode,
  nodeWith,
} from './__testUtils__/fixtureNodes';
import {
  familiesByName,
  label,
  labelNames,
  parseSampleLines,
} from './__testUtils__/fixtureParse';
import { parseExposition } from './__testUtils__/parseExposition';
import { checkMetrics } from './__testUtils__/promtool';
import { readDcgmFixture } from './__testUtils__/referenceFixtures';

const at = new Date('2026-03-10T14:00:05Z');
const seed = 42;

/** The exact GPU of the real L4 scrape, unheld. */
const realL4Text = readDcgmFixture('metrics-l4-kops-aws-full-scrape.prom');
const l4Node: NodeGpus = {
  cluster: 'kops',
  hostname: 'i-030791dc5a37cd257',
  devices: [
    {
      index: 0,
      uuid: 'GPU-c2f76b33-7953-256e-8f33-1343419b1a1c',
      pciBusId: '00000000:31:00.0',
      device: 'nvidia0',
      product: L4,
    },
  ],
};

/** The 8 H100s of the real pod-labelled sample; GPU 0 held by a vLLM pod. */
const realH100 = parseSampleLines(
  readDcgmFixture('metrics-h100-8gpu-pod-labels-sampled.prom'),
);
const h100Node: NodeGpus = {
  cluster: 'aicr',
  hostname: 'gpu-node-1',
  devices: realH100.get('DCGM_FI_DEV_GPU_TEMP')!.samples.map(
    (s, index): GpuDevice => ({
      index,
      uuid: label(s, 'UUID')!,
      pciBusId: label(s, 'pci_bus_id')!,
      device: label(s, 'device')!,
      product: H100,
      holder:
        index === 0
          ? holder(
              'inference',
              'vllm-agg-0-vllmdecodeworker-s65j5',
              new Date('2026-03-01T00:00:00Z'),
              {
                namespace: 'dynamo-workload',
                container: 'main',
              },
            )
          : undefined,
    }),
  ),
};

const withoutValue = (line: string) => line.replace(/ \S+$/, '');
/** How the exporter printed a value: `%d` or `%f`. */
function valueKind(raw: string): string {
  if (/^\d+$/.test(raw)) {
    return 'int';
  }
  return /^\d+\.\d{6}$/.test(raw) ? 'float6' : raw;
}

describe('renderDcgmMetrics against the real L4 scrape', () => {
  const ours = renderDcgmMetrics(l4Node, at, { seed });
  const real = familiesByName(realL4Text);
  const mine = familiesByName(ours);

  it('matches it line for line except for the values', () => {
    const ourLines = ours
      .trimEnd()
      .split('\n')
      .filter(line =>
        real.has(/^(?:# (?:HELP|TYPE) )?([A-Z_]+)/.exec(line)![1]),
      );
    expect(ourLines.map(withoutValue)).toEqual(
      realL4Text.trimEnd().split('\n').map(withoutValue),
    );
  });

  it.each([...familiesByName(realL4Text).keys()])(
    '%s values are formatted like the exporter',
    name => {
      expect(valueKind(mine.get(name)!.samples[0].rawValue)).toBe(
        valueKind(real.get(name)!.samples[0].rawValue),
      );
    },
  );

  it('adds only the XID family the L4 left out (blank until an XID occurs)', () => {
    expect([...mine.keys()].filter(n => !real.has(n))).toEqual([
      'DCGM_FI_DEV_XID_ERRORS',
    ]);
    const xid = mine.get('DCGM_FI_DEV_XID_ERRORS')!.samples[0];
    expect(labelNames(mine.get('DCGM_FI_DEV_XID_ERRORS')!).slice(-2)).toEqual([
      'err_code',
      'err_msg',
    ]);
    expect(label(xid, 'err_msg')).toBe('No Error');
  });

  it('prints an idle L4 with the values of the real one', () => {
    expect(mine.get('DCGM_FI_DEV_SM_CLOCK')!.samples[0].value).toBe(210);
    expect(mine.get('DCGM_FI_DEV_MEM_CLOCK')!.samples[0].value).toBe(405);
    expect(mine.get('DCGM_FI_DEV_FB_RESERVED')!.samples[0].value).toBe(470);
    expect(mine.get('DCGM_FI_DEV_MEMORY_TEMP')!.samples[0].value).toBe(0);
    expect(
      Math.abs(mine.get('DCGM_FI_DEV_POWER_USAGE')!.samples[0].value - 16.365),
    ).toBeLessThan(1.5);
  });
});

describe('renderDcgmMetrics pod attribution', () => {
  const mine = familiesByName(renderDcgmMetrics(h100Node, at, { seed }));

  it.each([...realH100.keys()])(
    '%s carries the labels of the real sample on every GPU it shows',
    name => {
      const real = realH100.get(name)!.samples;
      const ours = mine.get(name)!.samples;
      expect(real.length).toBeGreaterThan(0);
      for (const sample of real) {
        const gpu = label(sample, 'gpu');
        expect(ours.find(s => label(s, 'gpu') === gpu)!.labels).toEqual(
          sample.labels,
        );
      }
    },
  );

  it('leaves unheld GPUs without pod labels, as the exporter prints them', () => {
    const util = mine.get('DCGM_FI_DEV_GPU_UTIL')!;
    for (const sample of util.samples.slice(1)) {
      expect(sample.labels.map(([n]) => n)).not.toEqual(
        expect.arrayContaining(['pod']),
      );
    }
  });

  it('labels unheld GPUs with the exporter pod when asked, like the stored Prometheus series', () => {
    const exporterPod = defaultExporterPod('gpu-node-1', seed);
    const withPod = familiesByName(
      renderDcgmMetrics(h100Node, at, { seed, exporterPod }),
    );
    const stored = JSON.parse(readDcgmFixture('prometheus-api-query-util.json'))
      .data.result as Array<{
      metric: Record<string, string>;
    }>;
    const storedUnheld = stored.find(
      r => r.metric.Hostname === 'gpu-node-1' && r.metric.gpu === '1',
    )!.metric;
    const ours = withPod.get('DCGM_FI_DEV_GPU_UTIL')!.samples[1];
    // Prometheus adds only its target labels on top of what we print.
    const added = Object.keys(storedUnheld)
      .filter(n => n !== '__name__' && !ours.labels.some(([m]) => m === n))
      .sort();
    expect(added).toEqual(['endpoint', 'instance', 'job', 'service']);
    for (const name of [
      'namespace',
      'container',
      'UUID',
      'pci_bus_id',
      'modelName',
      'Hostname',
      'DCGM_FI_DRIVER_VERSION',
    ]) {
      expect(label(ours, name)).toBe(storedUnheld[name]);
    }
    expect(label(ours, 'pod')).toMatch(
      /^nvidia-dcgm-exporter-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
    expect(storedUnheld.pod).toMatch(
      /^nvidia-dcgm-exporter-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
    // Held GPUs keep their pod.
    expect(label(withPod.get('DCGM_FI_DEV_GPU_UTIL')!.samples[0], 'pod')).toBe(
      'vllm-agg-0-vllmdecodeworker-s65j5',
    );
  });
});

describe('renderDcgmMetrics with MIG', () => {
  const realMig = parseSampleLines(
    readDcgmFixture('metrics-a100-mig-nvidia-docs.prom'),
  );
  const node = migNode('ub20-a100-k8s', [
    holder('training', 'mig-a'),
    undefined,
    holder('notebook', 'mig-b'),
  ]);
  const mine = familiesByName(renderDcgmMetrics(node, at, { seed }));
  const instanceFamilies = (
    families: Map<
      string,
      { samples: Array<{ labels: Array<[string, string]> }> }
    >,
  ) =>
    [...families.entries()]
      .filter(([, f]) =>
        f.samples.some(s => label(s, 'GPU_I_ID') !== undefined),
      )
      .map(([n]) => n)
      .sort();
  const gpuFamilies = (
    families: Map<
      string,
      { samples: Array<{ labels: Array<[string, string]> }> }
    >,
  ) =>
    [...families.entries()]
      .filter(([, f]) =>
        f.samples.some(s => label(s, 'GPU_I_ID') === undefined),
      )
      .map(([n]) => n)
      .sort();

  it('puts the MIG labels where the exporter does', () => {
    const realOrder = labelNames(
      realMig.get('DCGM_FI_PROF_GR_ENGINE_ACTIVE')!,
      1,
    );
    const ourInstance = mine
      .get('DCGM_FI_PROF_GR_ENGINE_ACTIVE')!
      .samples.find(s => label(s, 'GPU_I_ID'))!;
    const ourOrder = ourInstance.labels.map(([n]) => n);
    expect(ourOrder.filter(n => realOrder.includes(n))).toEqual(realOrder);
    expect(ourOrder.slice(0, 8)).toEqual([
      'gpu',
      'UUID',
      'pci_bus_id',
      'device',
      'modelName',
      'GPU_I_PROFILE',
      'GPU_I_ID',
      'Hostname',
    ]);
    expect(label(ourInstance, 'GPU_I_PROFILE')).toBe('1g.10gb');
    expect(label(ourInstance, 'pod')).toBe('mig-a');
  });

  it('reports per instance what the real MIG sample does, plus framebuffer', () => {
    expect(instanceFamilies(mine)).toEqual(
      [
        ...instanceFamilies(realMig),
        'DCGM_FI_DEV_FB_FREE',
        'DCGM_FI_DEV_FB_USED',
      ].sort(),
    );
  });

  it('has no utilisation families in MIG mode, like the real sample', () => {
    const real = gpuFamilies(realMig);
    const ours = gpuFamilies(mine);
    expect(ours).toEqual(expect.arrayContaining(real));
    expect(ours.filter(n => !real.includes(n)).sort()).toEqual([
      'DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS',
      'DCGM_FI_DEV_FB_RESERVED',
      'DCGM_FI_DEV_ROW_REMAP_FAILURE',
      'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
    ]);
    expect(ours).not.toContain('DCGM_FI_DEV_GPU_UTIL');
  });
});

describe('renderDcgmMetrics exposition', () => {
  const nodes: Array<[string, NodeGpus]> = [
    ['an unheld L4', l4Node],
    ['H100s with a pod', h100Node],
    [
      'every profile',
      nodeWith('mixed', A100, [
        holder('training', 't'),
        holder('inference', 'i'),
        holder('notebook', 'n'),
        holder('idle', 'd'),
        undefined,
      ]),
    ],
    ['a MIG GPU', migNode('mig', [holder('inference', 'm'), undefined])],
  ];

  const realFindings = checkMetrics(realL4Text).findings;

  it.each(nodes)(
    'parses with promtool for %s, with only the lint findings of the real exporter',
    (_, node) => {
      const result = checkMetrics(renderDcgmMetrics(node, at, { seed }));
      // 3: lint findings only (1 would be a parse error, null a missing promtool).
      expect(result.status).toBe(3);
      expect(result.findings.filter(f => !realFindings.includes(f))).toEqual(
        [],
      );
    },
  );

  it.each(nodes)(
    'passes the strict parser with one label layout per family for %s',
    (_, node) => {
      const families = parseExposition(renderDcgmMetrics(node, at, { seed }));
      for (const family of families) {
        expect(family.help).toBeDefined();
        expect(family.type).toMatch(/^(gauge|counter)$/);
        for (const sample of family.samples) {
          const names = sample.labels.map(([n]) => n);
          expect(names.slice(0, 5)).toEqual([
            'gpu',
            'UUID',
            'pci_bus_id',
            'device',
            'modelName',
          ]);
          expect(names).toContain('Hostname');
          expect(names[names.indexOf('Hostname') + 1]).toBe(
            'DCGM_FI_DRIVER_VERSION',
          );
        }
      }
    },
  );

  it('is deterministic for a seed and instant, and differs for another seed', () => {
    const node = nodes[2][1];
    expect(renderDcgmMetrics(node, at, { seed })).toBe(
      renderDcgmMetrics(node, at, { seed }),
    );
    expect(renderDcgmMetrics(node, at, { seed: seed + 1 })).not.toBe(
      renderDcgmMetrics(node, at, { seed }),
    );
  });

  it('holds values for the exporter collect interval', () => {
    const node = nodes[2][1];
    const bucket = new Date('2026-03-10T14:00:00Z');
    expect(
      renderDcgmMetrics(node, new Date(bucket.getTime() + 29_999), { seed }),
    ).toBe(renderDcgmMetrics(node, bucket, { seed }));
    expect(
      renderDcgmMetrics(node, new Date(bucket.getTime() + 30_000), { seed }),
    ).not.toBe(renderDcgmMetrics(node, bucket, { seed }));
  });

  it('keeps counters monotonic across successive scrapes', () => {
    const node = nodes[2][1];
    let previous: Map<string, number> | undefined;
    for (let i = 0; i < 20; i++) {
      const families = familiesByName(
        renderDcgmMetrics(node, new Date(at.getTime() + i * 30_000), { seed }),
      );
      const current = new Map<string, number>();
      for (const family of families.values()) {
        if (family.type === 'counter') {
          family.samples.forEach(s =>
            current.set(`${family.name}${label(s, 'gpu')}`, s.value),
          );
        }
      }
      previous?.forEach((v, k) =>
        expect(current.get(k)!).toBeGreaterThanOrEqual(v),
      );
      previous = current;
    }
  });
});
