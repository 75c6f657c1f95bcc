import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { locationSpecToLocationEntity } from '@backstage/plugin-catalog-node';
import {
  createRegisterLocalCatalogAction,
  localGitCatalogTarget,
  localGitLocationRef,
} from './registerLocalCatalogAction';
import { registerLocalCatalogExamples } from './registerLocalCatalogAction.examples';

const COMPONENT = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: assistant-llm-serving
spec:
  type: model-server
  lifecycle: experimental
  owner: group:default/conversational-ai
  providesApis: [assistant-llm-serving-api]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: assistant-llm-serving-api
spec:
  type: ai-model-server
  lifecycle: experimental
  owner: group:default/conversational-ai
  definition: 'openapi: 3.0.3'
`;

describe('catalog:register-local', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'register-local-'));
    fs.mkdirSync(path.join(root, 'assistant-llm-serving'));
    fs.writeFileSync(
      path.join(root, 'assistant-llm-serving', 'catalog-info.yaml'),
      COMPONENT,
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function setup(options: { withLocation: boolean; appearsAfter?: number }) {
    const catalog = catalogServiceMock.mock();
    let refreshed = 0;
    let lookups = 0;
    // As the catalog answers: refreshing an entity it does not know is a NotFoundError.
    catalog.refreshEntity.mockImplementation(async ref => {
      if (!options.withLocation || ref !== localGitLocationRef(root)) {
        throw new NotFoundError(`Failed to schedule ${ref} for refresh`);
      }
      refreshed++;
    });
    catalog.getEntitiesByRefs.mockImplementation(async request => {
      lookups++;
      const seen = refreshed > 0 && lookups > (options.appearsAfter ?? 0);
      return {
        items: request.entityRefs.map(ref =>
          seen ? ({ ref } as any) : undefined,
        ),
      };
    });
    const action = createRegisterLocalCatalogAction({
      config: new ConfigReader({
        aiPlatform: {
          scaffolder: { localGitRoot: root, registerTimeoutSeconds: 3 },
        },
      }),
      catalog,
      logger: mockServices.logger.mock(),
    });
    return { action, catalog };
  }

  it.each(registerLocalCatalogExamples.map(e => [e.description, e] as const))(
    'runs the example: %s',
    async (_d, example) => {
      const { action, catalog } = setup({
        withLocation: true,
        appearsAfter: 1,
      });
      const input = parse(example.example).steps[0].input;
      const ctx = createMockActionContext({ input });
      await action.handler(ctx);
      // The ref the catalog gives the config location over the root.
      expect(catalog.refreshEntity).toHaveBeenCalledWith(
        stringifyEntityRef(
          locationSpecToLocationEntity({
            location: {
              type: 'file',
              target: path.join(root, '*', 'catalog-info.yaml'),
            },
          }),
        ),
        expect.anything(),
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/assistant-llm-serving',
      );
      expect(ctx.output).toHaveBeenCalledWith('entityRefs', [
        'component:default/assistant-llm-serving',
        'api:default/assistant-llm-serving-api',
      ]);
      expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(2);
    },
  );

  it('says which catalog location is missing', async () => {
    const { action } = setup({ withLocation: false });
    await expect(
      action.handler(
        createMockActionContext({
          input: { repoName: 'assistant-llm-serving' },
        }),
      ),
    ).rejects.toThrow(
      `no catalog location reads the local repositories; add "- type: file, target: ${localGitCatalogTarget(
        root,
      )}"`,
    );
  });

  it('gives up when the catalog does not show the entity in time', async () => {
    const { action } = setup({ withLocation: true, appearsAfter: 1000 });
    await expect(
      action.handler(
        createMockActionContext({
          input: { repoName: 'assistant-llm-serving' },
        }),
      ),
    ).rejects.toThrow(/has not shown component:default\/assistant-llm-serving/);
  }, 15_000);

  it.each([
    [{ repoName: '../x' }, /repoName/],
    [{ repoName: 'a', catalogInfoPath: '../../etc/passwd' }, /catalogInfoPath/],
    [
      { repoName: 'a', catalogInfoPath: 'sub/catalog-info.yaml' },
      /reads only catalog-info.yaml/,
    ],
  ])('refuses %j naming the field', async (input, message) => {
    const { action, catalog } = setup({ withLocation: true });
    await expect(
      action.handler(createMockActionContext({ input })),
    ).rejects.toThrow(message);
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
  });

  it('refuses an invalid catalog file, naming the entity', async () => {
    fs.writeFileSync(
      path.join(root, 'assistant-llm-serving', 'catalog-info.yaml'),
      COMPONENT.replace(
        'name: assistant-llm-serving\n',
        'name: "Not a name!"\n',
      ),
    );
    const { action, catalog } = setup({ withLocation: true });
    await expect(
      action.handler(
        createMockActionContext({
          input: { repoName: 'assistant-llm-serving' },
        }),
      ),
    ).rejects.toThrow(
      /document 1 \(Component Not a name!\) is not a valid entity/,
    );
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
  });

  it('checks the workspace file in a dry run and asks the catalog nothing', async () => {
    const { action, catalog } = setup({ withLocation: true });
    const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'));
    fs.writeFileSync(path.join(workspacePath, 'catalog-info.yaml'), COMPONENT);
    const ctx = {
      ...createMockActionContext({
        input: { repoName: 'not-yet-published' },
        workspacePath,
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/assistant-llm-serving',
    );
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
    expect(catalog.getEntitiesByRefs).not.toHaveBeenCalled();
    fs.rmSync(workspacePath, { recursive: true, force: true });
  });
});
