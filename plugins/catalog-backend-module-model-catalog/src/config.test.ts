import { ConfigReader } from '@backstage/config';
import { GpuClassCatalog } from '@ai-platform/plugin-ai-platform-node';
import { readModelCatalogConfig } from './config';

describe('readModelCatalogConfig', () => {
  it('applies the defaults', () => {
    const config = readModelCatalogConfig(
      new ConfigReader({
        gpuProvisioning: {
          gpuClasses: [{ id: 'l40s', displayName: 'L40S', memoryMiB: 46068 }],
        },
      }),
    );
    expect(config).toEqual({
      registries: [],
      kserve: {
        enabled: false,
        clusters: undefined,
        owner: 'group:default/ml-platform',
        namespace: 'default',
        schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
      },
      modelCards: { localDirectories: [] },
      gpuClasses: [{ id: 'l40s', displayName: 'L40S', memoryMiB: 46068 }],
    });
  });

  it('reads registries with their own schedule and owner', () => {
    const config = readModelCatalogConfig(
      new ConfigReader({
        modelCatalog: {
          defaultOwner: 'group:default/research',
          registries: [
            {
              type: 'mlflow',
              id: 'prod',
              baseUrl: 'http://mlflow:5000',
              token: 't',
              schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
            },
            { type: 'kubeflow', id: 'lab', baseUrl: 'http://mr:8080' },
          ],
        },
      }),
    );
    expect(config.registries).toEqual([
      expect.objectContaining({
        type: 'mlflow',
        id: 'prod',
        title: 'MLflow prod',
        owner: 'group:default/research',
        token: 't',
        schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
      }),
      expect.objectContaining({
        type: 'kubeflow',
        title: 'Kubeflow Model Registry lab',
        schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
      }),
    ]);
  });

  it.each([
    [
      { type: 'sagemaker', id: 'x', baseUrl: 'http://x' },
      /registries\[0\]\.type must be mlflow or kubeflow/,
    ],
    [
      { type: 'mlflow', id: 'Bad Id', baseUrl: 'http://x' },
      /registries\[0\]\.id must be a unique lower-case name/,
    ],
    [
      { type: 'mlflow', id: 'x', baseUrl: 'not a url' },
      /registries\[0\]\.baseUrl is not a URL/,
    ],
  ])('rejects a bad registry %#', (registry, error) => {
    expect(() =>
      readModelCatalogConfig(
        new ConfigReader({ modelCatalog: { registries: [registry] } }),
      ),
    ).toThrow(error);
  });

  it('rejects duplicate registry ids', () => {
    const r = { type: 'mlflow', id: 'x', baseUrl: 'http://x' };
    expect(() =>
      readModelCatalogConfig(
        new ConfigReader({ modelCatalog: { registries: [r, r] } }),
      ),
    ).toThrow(/registries\[1\]\.id must be a unique/);
  });

  it('reads its own GPU classes first, then the suite catalog it is given', () => {
    const gpuClasses = GpuClassCatalog.fromConfig(
      new ConfigReader({
        gpuProvisioning: { gpuClasses: [{ id: 'h100', memoryMiB: 81559 }] },
      }),
    );
    expect(
      readModelCatalogConfig(new ConfigReader({}), { gpuClasses }).gpuClasses,
    ).toEqual([{ id: 'h100', displayName: undefined, memoryMiB: 81559 }]);
    expect(
      readModelCatalogConfig(
        new ConfigReader({
          modelCatalog: { gpuClasses: [{ id: 'l40s', memoryMiB: 46068 }] },
        }),
        { gpuClasses },
      ).gpuClasses.map(c => c.id),
    ).toEqual(['l40s']);
  });
});
