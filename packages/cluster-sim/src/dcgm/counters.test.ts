import { dcgmCounters } from './counters';
import { parseCounterCsv } from './parseCounterCsv';
import { readDcgmFixture } from './__testUtils__/referenceFixtures';
import { parseExposition } from './__testUtils__/parseExposition';

const defaults = parseCounterCsv(readDcgmFixture('default-counters.csv'));
const dcp = parseCounterCsv(readDcgmFixture('dcp-metrics-included.csv'));
const realScrape = new Map(
  parseExposition(readDcgmFixture('metrics-l4-kops-aws-full-scrape.prom')).map(
    f => [f.name, f],
  ),
);

describe('dcgmCounters', () => {
  it.each(dcgmCounters.map(c => [c.name, c] as const))(
    '%s is an uncommented counter of the reference lists with the same type and help',
    (name, counter) => {
      const entry = [...defaults, ...dcp].find(e => e.field === name);
      expect(entry).toBeDefined();
      expect(entry!.type).toBe(counter.type);
      expect(entry!.help).toBe(counter.help);
    },
  );

  it.each(
    dcgmCounters
      .filter(c => realScrape.has(c.name))
      .map(c => [c.name, c] as const),
  )('%s has the HELP and TYPE of the real L4 scrape', (name, counter) => {
    expect(realScrape.get(name)!.help).toBe(counter.help);
    expect(realScrape.get(name)!.type).toBe(counter.type);
  });

  it('is missing from the L4 scrape only where the exporter skips blank fields', () => {
    // No NVLink on an L4, and DCGM reports no XID value until an XID occurs.
    expect(
      dcgmCounters.filter(c => !realScrape.has(c.name)).map(c => c.name),
    ).toEqual(['DCGM_FI_DEV_XID_ERRORS', 'DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL']);
  });

  it('covers every metric field of the default list', () => {
    const metricFields = defaults
      .filter(e => e.type !== 'label')
      .map(e => e.field);
    expect(dcgmCounters.map(c => c.name).sort()).toEqual(
      [...metricFields].sort(),
    );
  });

  it('is in ascending field id order, the order the exporter prints', () => {
    const ids = dcgmCounters.map(c => c.fieldId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const realOrder = [...realScrape.keys()];
    const ours = dcgmCounters.map(c => c.name).filter(n => realScrape.has(n));
    expect(ours).toEqual(realOrder);
  });

  it('includes the families the portal needs', () => {
    expect(dcgmCounters.map(c => c.name)).toEqual(
      expect.arrayContaining([
        'DCGM_FI_DEV_SM_CLOCK',
        'DCGM_FI_DEV_MEM_CLOCK',
        'DCGM_FI_DEV_GPU_TEMP',
        'DCGM_FI_DEV_MEMORY_TEMP',
        'DCGM_FI_DEV_POWER_USAGE',
        'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
        'DCGM_FI_DEV_PCIE_REPLAY_COUNTER',
        'DCGM_FI_DEV_GPU_UTIL',
        'DCGM_FI_DEV_MEM_COPY_UTIL',
        'DCGM_FI_DEV_ENC_UTIL',
        'DCGM_FI_DEV_DEC_UTIL',
        'DCGM_FI_DEV_XID_ERRORS',
        'DCGM_FI_DEV_FB_FREE',
        'DCGM_FI_DEV_FB_USED',
        'DCGM_FI_DEV_FB_RESERVED',
        'DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL',
        'DCGM_FI_DEV_VGPU_LICENSE_STATUS',
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE',
        'DCGM_FI_PROF_DRAM_ACTIVE',
      ]),
    );
  });
});
