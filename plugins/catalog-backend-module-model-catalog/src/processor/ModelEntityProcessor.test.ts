import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorCache,
  CatalogProcessorResult,
} from '@backstage/plugin-catalog-node';
import { ModelCardReader } from '../modelCards/ModelCardReader';
import { ModelEntityProcessor } from './ModelEntityProcessor';

const dir = mkdtempSync(join(tmpdir(), 'model-cards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cards = join(dir, 'model-cards');
mkdirSync(cards);
writeFileSync(
  join(cards, 'good.md'),
  '---\nlicense: apache-2.0\npipeline_tag: text-generation\ndatasets: [c4]\n---\n# Card\n',
);
writeFileSync(join(cards, 'broken.md'), '---\nlicense: [oops\n---\n');
writeFileSync(join(dir, 'secret.md'), '---\nlicense: mit\n---\n');

const location = { type: 'file', target: join(dir, 'catalog', 'models.yaml') };

function model(
  spec: object = {},
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'mistral-7b',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${location.target}`,
        ...annotations,
      },
    },
    spec: { type: 'ai-model', owner: 'group:default/ml-platform', ...spec },
  };
}

function memoryCache(): CatalogProcessorCache {
  const store = new Map<string, any>();
  return {
    get: async (key: string) => store.get(key),
    set: async (key: string, value: any) => {
      store.set(key, value);
    },
  } as CatalogProcessorCache;
}

const processor = ModelEntityProcessor.create({
  modelCards: ModelCardReader.create({
    urlReader: mockServices.urlReader.mock(),
    localDirectories: [cards],
  }),
  gpuClasses: [
    { id: 'h100', memoryMiB: 81559 },
    { id: 'l40s', memoryMiB: 46068 },
  ],
  logger: mockServices.logger.mock(),
});

async function run(entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const emit = (r: CatalogProcessorResult) => emitted.push(r);
  const pre = await processor.preProcessEntity(
    entity,
    location,
    emit,
    location,
    memoryCache(),
  );
  const post = await processor.postProcessEntity(pre, location, emit);
  const errors = emitted
    .filter(r => r.type === 'error')
    .map(r => (r as any).error.message as string);
  const relations = emitted
    .filter(r => r.type === 'relation')
    .map(r => {
      const rel = (r as any).relation;
      return `${rel.source.name} ${rel.type} ${rel.target.name}`;
    });
  return { entity: post, errors, relations };
}

describe('ModelEntityProcessor', () => {
  it('fills spec.model from the model card and the parameter count', async () => {
    const { entity, errors } = await run(
      model(
        { model: { parameters: 7248023552, license: 'mit-from-entity' } },
        { 'ai-platform.io/model-card': '../model-cards/good.md' },
      ),
    );
    expect(errors).toEqual([]);
    expect(entity.spec!.model).toMatchObject({
      license: 'mit-from-entity',
      task: 'text-generation',
      datasets: ['c4'],
      parameters: 7248023552,
      gpuMemoryGiB: { bf16: 16.3, int4: 4.1, fp32: 32.5 },
      fitsOn: ['h100', 'l40s'],
    });
  });

  it('leaves entities that are not models alone', async () => {
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: { type: 'service', model: 'anything' },
    };
    const { entity, errors } = await run(component);
    expect(entity).toEqual(component);
    expect(errors).toEqual([]);
  });

  it.each([
    [
      '../model-cards/broken.md',
      /could not read its model card .*broken\.md: .*invalid YAML front matter/,
    ],
    [
      '../model-cards/missing.md',
      /could not read its model card .*missing\.md: .*ENOENT/,
    ],
    ['../secret.md', /outside modelCatalog\.modelCards\.localDirectories/],
    [
      'ftp://example.com/card.md',
      /must be an http\(s\) URL or a relative path/,
    ],
  ])(
    'reports a model card %s as an entity error and keeps the entity',
    async (card, error) => {
      const { entity, errors } = await run(
        model(
          { model: { task: 'text-generation' } },
          { 'ai-platform.io/model-card': card },
        ),
      );
      expect(errors).toEqual([expect.stringMatching(error)]);
      expect(entity.metadata.name).toBe('mistral-7b');
      expect(entity.spec!.model).toMatchObject({ task: 'text-generation' });
    },
  );

  it('reports each invalid field of spec.model', async () => {
    const { errors } = await run(
      model({
        model: {
          parameters: 'seven billion',
          precision: 'fp12',
          licence: 'mit',
        },
      }),
    );
    expect(errors).toEqual([
      'resource:default/mistral-7b: spec.model.parameters: Invalid input: expected number, received string',
      expect.stringMatching(
        /^resource:default\/mistral-7b: spec\.model\.precision: /,
      ),
      expect.stringMatching(
        /^resource:default\/mistral-7b: spec\.model: .*\(licence\)$/,
      ),
    ]);
  });

  it('reports a spec.model that is not an object', async () => {
    const { errors } = await run(model({ model: 'big' }));
    expect(errors).toEqual([
      expect.stringMatching(/spec\.model: Invalid input: expected object/),
    ]);
  });

  it('reports a failing source on the entities it keeps', async () => {
    const { errors } = await run(
      model(
        {},
        {
          'ai-platform.io/model-source-error': '2026-01-01T00:00:00Z HTTP 503',
        },
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(/model source .* failed.*HTTP 503/),
    ]);
  });

  it('emits base model lineage unless spec.dependsOn lists it', async () => {
    const relations = (
      await run(
        model({ model: { baseModel: 'resource:default/llama-3-1-8b' } }),
      )
    ).relations;
    expect(relations).toEqual([
      'mistral-7b dependsOn llama-3-1-8b',
      'llama-3-1-8b dependencyOf mistral-7b',
    ]);
    expect(
      (
        await run(
          model({
            dependsOn: ['resource:llama-3-1-8b'],
            model: { baseModel: 'resource:default/llama-3-1-8b' },
          }),
        )
      ).relations,
    ).toEqual([]);
  });

  it('links a model server to the model of its annotation', async () => {
    const server: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'llama-server',
        annotations: {
          'ai-platform.io/model': 'resource:default/llama-3-1-8b',
        },
      },
      spec: { type: 'model-server', owner: 'x', lifecycle: 'production' },
    };
    expect((await run(server)).relations).toEqual([
      'llama-server dependsOn llama-3-1-8b',
      'llama-3-1-8b dependencyOf llama-server',
    ]);
  });
});
