import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GpuClassCatalog } from './GpuClassCatalog';

const h100 = {
  id: 'h100',
  displayName: 'NVIDIA H100 80GB',
  productLabel: 'NVIDIA-H100-80GB-HBM3',
  memoryMiB: 81559,
  hourlyRate: 4.5,
  migProfiles: [{ name: '1g.10gb', memoryMiB: 9984, hourlyRate: 0.7 }],
};
const l40s = { id: 'l40s', memoryMiB: 46068 };

function catalogOf(gpuClasses: object[]) {
  return GpuClassCatalog.fromConfig(
    mockServices.rootConfig({ data: { gpuProvisioning: { gpuClasses } } }),
  );
}

describe('GpuClassCatalog', () => {
  it('reads the classes with their MIG profiles, typed', () => {
    const catalog = catalogOf([h100, l40s]);
    expect(catalog.isConfigured()).toBe(true);
    expect(catalog.list()).toEqual([
      h100,
      {
        id: 'l40s',
        displayName: undefined,
        productLabel: undefined,
        memoryMiB: 46068,
        hourlyRate: undefined,
        migProfiles: [],
      },
    ]);
    expect(catalog.get('h100')).toEqual(h100);
    expect(catalog.get('b200')).toBeUndefined();
  });

  it('hands out copies, so no caller changes what another reads', () => {
    const catalog = catalogOf([h100]);
    catalog.list()[0].migProfiles[0].hourlyRate = 0;
    expect(catalog.get('h100')!.migProfiles[0].hourlyRate).toBe(0.7);
  });

  it('has no classes without the config key', () => {
    const catalog = GpuClassCatalog.fromConfig(new ConfigReader({}));
    expect(catalog.isConfigured()).toBe(false);
    expect(catalog.list()).toEqual([]);
  });

  it('reads a plugin’s own list in the same shape', () => {
    const catalog = GpuClassCatalog.fromConfig(
      new ConfigReader({ modelCatalog: { gpuClasses: [l40s] } }),
      { key: 'modelCatalog.gpuClasses' },
    );
    expect(catalog.list().map(c => c.id)).toEqual(['l40s']);
  });

  it('gives the fields a backend requires, or names the key of the first class without them', () => {
    const catalog = catalogOf([h100, l40s]);
    expect(() =>
      catalog.require(['productLabel', 'hourlyRate'], { by: 'GPU usage' }),
    ).toThrow(
      "gpuProvisioning.gpuClasses[1].productLabel is required by GPU usage (class 'l40s')",
    );
    const complete = catalogOf([h100]).require(['productLabel'], {
      by: 'GPU usage',
    });
    expect(complete.map(c => c.productLabel)).toEqual([
      'NVIDIA-H100-80GB-HBM3',
    ]);
  });

  it.each([
    [
      'a duplicate id',
      [h100, h100],
      "gpuProvisioning.gpuClasses[1].id: id 'h100' is used twice",
    ],
    [
      'an empty id',
      [{ ...l40s, id: ' ' }],
      'gpuProvisioning.gpuClasses[0].id must not be empty',
    ],
    [
      'no memory',
      [{ ...l40s, memoryMiB: 0 }],
      'gpuProvisioning.gpuClasses[0].memoryMiB must be a positive number, not 0',
    ],
    [
      'a negative rate',
      [{ ...l40s, hourlyRate: -1 }],
      'gpuProvisioning.gpuClasses[0].hourlyRate must be zero or more, not -1',
    ],
    [
      'a MIG profile listed twice',
      [{ ...h100, migProfiles: [h100.migProfiles[0], h100.migProfiles[0]] }],
      "gpuProvisioning.gpuClasses[0].migProfiles[1].name: MIG profile '1g.10gb' is listed twice",
    ],
  ])('refuses %s, naming the key', (_case, classes, message) => {
    expect(() => catalogOf(classes)).toThrow(InputError);
    expect(() => catalogOf(classes)).toThrow(message);
  });

  it("leaves a missing required value to the config reader's message, which names the key", () => {
    expect(() => catalogOf([{ id: 'h100' }])).toThrow(
      'gpuProvisioning.gpuClasses[0].memoryMiB',
    );
  });
});
