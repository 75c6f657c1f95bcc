import { mockServices } from '@backstage/backend-test-utils';
import { validateModelMetadata } from '@ai-platform/plugin-model-catalog-common';
import {
  kubeflowArtifacts,
  kubeflowRegisteredModels,
  kubeflowVersions,
} from './__fixtures__/kubeflow';
import {
  RegistryServer,
  startRegistryServer,
} from './__testUtils__/startRegistryServer';
import { KubeflowModelSource } from './KubeflowModelSource';

const API = '/api/model_registry/v1alpha3';

function list(url: URL, items: unknown[]) {
  const size = Number(url.searchParams.get('pageSize') ?? 100);
  const offset = Number(url.searchParams.get('nextPageToken') || 0);
  const page = items.slice(offset, offset + size);
  return {
    body: {
      items: page,
      nextPageToken: offset + size < items.length ? String(offset + size) : '',
      pageSize: size,
      size: page.length,
    },
  };
}

describe('KubeflowModelSource', () => {
  let server: RegistryServer;
  beforeEach(async () => {
    server = await startRegistryServer(url => {
      const p = url.pathname;
      if (p === `${API}/registered_models`) {
        return list(url, kubeflowRegisteredModels);
      }
      let m = /^.*\/registered_models\/([^/]+)\/versions$/.exec(p);
      if (m) return list(url, kubeflowVersions[m[1]] ?? []);
      m = /^.*\/model_versions\/([^/]+)\/artifacts$/.exec(p);
      if (m) return list(url, kubeflowArtifacts[m[1]] ?? []);
      return undefined;
    });
  });
  afterEach(() => server.close());

  const source = () =>
    KubeflowModelSource.create({
      id: 'research',
      baseUrl: server.baseUrl,
      namespace: 'default',
      defaultOwner: 'group:default/ml-platform',
      registryTitle: 'Kubeflow research',
      pageSize: 1,
      logger: mockServices.logger.mock(),
    });

  it('reads models, versions and artifacts into model entities', async () => {
    const { entities } = await source().read();
    expect(server.requests).toContain(
      `${API}/registered_models?pageSize=1&nextPageToken=1`,
    );
    expect(entities.map(e => e.metadata.name)).toEqual([
      'legacy-sentiment',
      'mistral-7b-instruct',
    ]);
    const mistral = entities[1];
    expect(mistral.spec).toMatchObject({
      type: 'ai-model',
      owner: 'group:default/ml-platform',
      lifecycle: 'production',
      model: {
        task: 'text-generation',
        parameters: 7248023552,
        contextLength: 32768,
        license: 'apache-2.0',
        framework: 'vllm',
        versions: [
          {
            version: 'v0.3',
            aliases: ['production'],
            stage: 'LIVE',
            createdAt: '2024-05-24T00:00:00.000Z',
            artifactUri: 'hf://mistralai/Mistral-7B-Instruct-v0.3',
          },
        ],
      },
    });
    expect(validateModelMetadata(mistral.spec!.model).ok).toBe(true);
  });

  it('keeps archived models and malformed properties for the processor to report', async () => {
    const { entities } = await source().read();
    const legacy = entities[0];
    // "Sherlock Holmes" is not an entity ref, so the default owner applies.
    expect(legacy.spec).toMatchObject({
      owner: 'group:default/ml-platform',
      lifecycle: 'deprecated',
      model: { contextLength: 'a lot', framework: 'onnx' },
    });
    const validation = validateModelMetadata(legacy.spec!.model);
    expect(validation.ok ? [] : validation.errors).toEqual([
      expect.stringMatching(/^spec\.model\.contextLength: /),
    ]);
  });

  it('fails with the status when the registry answers an error', async () => {
    server.setHandler(() => ({
      status: 401,
      body: { code: '401', message: 'Unauthorized' },
    }));
    await expect(source().read()).rejects.toThrow(/401/);
  });
});
