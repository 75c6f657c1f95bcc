import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  Entity,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { parseAllDocuments } from 'yaml';
import { ModelCardReader } from './modelCards/ModelCardReader';
import { ModelEntityProcessor } from './processor/ModelEntityProcessor';

const demo = join(__dirname, '../../../demo');
const modelsFile = join(demo, 'catalog/models.yaml');
const load = (file: string) =>
  parseAllDocuments(readFileSync(file, 'utf8')).map(d => d.toJS() as Entity);
const models = load(modelsFile);
const groups = new Set(
  load(join(demo, 'catalog/org.yaml')).map(e => e.metadata.name),
);
const systems = new Set(
  load(join(demo, 'catalog/systems.yaml'))
    .filter(e => e.kind === 'System')
    .map(e => e.metadata.name),
);

describe('the demo models', () => {
  const processor = ModelEntityProcessor.create({
    modelCards: ModelCardReader.create({
      urlReader: mockServices.urlReader.mock(),
      localDirectories: [join(demo, 'model-cards')],
    }),
    gpuClasses: [
      { id: 'h100', memoryMiB: 81559 },
      { id: 'a100', memoryMiB: 81920 },
      { id: 'l40s', memoryMiB: 46068 },
    ],
    logger: mockServices.logger.mock(),
  });

  it('has a dozen models', () => {
    expect(models.length).toBeGreaterThanOrEqual(12);
  });

  it.each(models.map(m => [m.metadata.name, m]))(
    '%s is a valid model with an owner, a system, a task and a licence',
    async (_name, raw) => {
      const entity = {
        ...raw,
        metadata: {
          ...raw.metadata,
          namespace: 'default',
          annotations: {
            ...raw.metadata.annotations,
            'backstage.io/managed-by-location': `file:${modelsFile}`,
          },
        },
      };
      const errors: string[] = [];
      const emit = (r: CatalogProcessorResult) => {
        if (r.type === 'error') errors.push(r.error.message);
      };
      const location = { type: 'file', target: modelsFile };
      const cache = { get: async () => undefined, set: async () => {} };
      const pre = await processor.preProcessEntity(
        entity,
        location,
        emit,
        location,
        cache,
      );
      await processor.postProcessEntity(pre, location, emit);
      expect(errors).toEqual([]);
      expect(await resourceEntityV1alpha1Validator.check(pre)).toBe(true);
      expect(groups).toContain(pre.spec!.owner);
      expect(systems).toContain(pre.spec!.system);
      const model = pre.spec!.model as Record<string, any>;
      expect(model.task).toEqual(expect.any(String));
      expect(model.license).toEqual(expect.any(String));
      expect(model.fitsOn).toEqual(expect.any(Array));
      expect(stringifyEntityRef(pre)).toMatch(/^resource:default\//);
    },
  );
});
