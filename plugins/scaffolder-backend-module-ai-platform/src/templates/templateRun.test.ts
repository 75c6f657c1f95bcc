import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { waitFor } from '@ai-platform/test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { scaffolderModuleAiPlatform } from '../module';
import { catalogEntities } from './__fixtures__/catalogEntities';
import { sampleValues } from './__fixtures__/sampleValues';
import { templatesDir } from './__testUtils__/fixturesDir';

jest.setTimeout(180_000);

/**
 * A real run (not a dry run) of a template in the real scaffolder and catalog:
 * publish:local-git writes a git repository and catalog:register-local makes
 * the catalog read it, so the new entity is in the catalog when the task ends.
 */
describe('running a template end to end with the embedded default', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const gitRoot = () => path.join(dir, 'git-repos');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-run-'));
    fs.mkdirSync(gitRoot());
    const entitiesFile = path.join(dir, 'entities.yaml');
    fs.writeFileSync(
      entitiesFile,
      catalogEntities.map(e => stringify(e)).join('---\n'),
    );
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        scaffolderModuleAiPlatform,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'API',
                    'Resource',
                    'System',
                    'Group',
                    'User',
                    'Location',
                    'Template',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: entitiesFile },
                {
                  type: 'file',
                  target: path.join(templatesDir(), '*', 'template.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(gitRoot(), '*', 'catalog-info.yaml'),
                },
              ],
            },
            aiPlatform: { scaffolder: { localGitRoot: gitRoot() } },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.user('user:default/guest'),
        }),
      ],
    }));
    // The catalog has read the template and the sample entities.
    await waitFor(async () => {
      for (const ref of [
        'template/default/genai-application',
        'api/default/assistant-llm-api',
      ]) {
        const res = await request(server).get(
          `/api/catalog/entities/by-name/${ref}`,
        );
        if (res.status !== 200) return undefined;
      }
      return true;
    }, 60_000);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('publishes genai-application to a local git repository and the catalog shows it', async () => {
    const values = {
      ...sampleValues['genai-application'],
      name: 'support-bot',
    };
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef: 'template:default/genai-application', values });
    expect(created.status).toBe(201);

    let task: any;
    await waitFor(async () => {
      task = (
        await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}`)
      ).body;
      return ['completed', 'failed'].includes(task.status) ? true : undefined;
    }, 120_000);
    if (task.status !== 'completed') {
      const events = await request(server).get(
        `/api/scaffolder/v2/tasks/${created.body.id}/events`,
      );
      throw new Error(
        `task ${task.status}: ${events.body
          .map((e: any) => e.body.message)
          .join('\n')}`,
      );
    }

    // The repository: one commit with the generated project.
    const repo = path.join(gitRoot(), 'support-bot');
    const files = execFileSync('git', ['-C', repo, 'ls-files'], {
      encoding: 'utf8',
    });
    expect(files.split('\n')).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'app.py',
        'k8s/app.yaml',
        'mkdocs.yml',
        'docs/index.md',
      ]),
    );

    // The catalog: the component, consuming the model endpoint's API.
    const entity = await request(server).get(
      '/api/catalog/entities/by-name/component/default/support-bot',
    );
    expect(entity.status).toBe(200);
    expect(entity.body.spec).toMatchObject({
      owner: 'group:default/conversational-ai',
      system: 'system:default/model-serving',
      consumesApis: ['api:default/assistant-llm-api'],
    });
    expect(entity.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'consumesApi', targetRef: 'api:default/assistant-llm-api' },
      ]),
    );
    expect(task.spec.output?.links ?? []).toBeDefined();
  });

  it('refuses to publish over an existing repository and leaves it as it was', async () => {
    const values = {
      ...sampleValues['genai-application'],
      name: 'support-bot',
    };
    const head = () =>
      execFileSync(
        'git',
        ['-C', path.join(gitRoot(), 'support-bot'), 'rev-parse', 'HEAD'],
        { encoding: 'utf8' },
      );
    const before = head();
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef: 'template:default/genai-application', values });
    let task: any;
    await waitFor(async () => {
      task = (
        await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}`)
      ).body;
      return ['completed', 'failed'].includes(task.status) ? true : undefined;
    }, 120_000);
    expect(task.status).toBe('failed');
    const events = await request(server).get(
      `/api/scaffolder/v2/tasks/${created.body.id}/events`,
    );
    expect(JSON.stringify(events.body)).toContain(
      "repository 'support-bot' already exists",
    );
    expect(head()).toBe(before);
  });
});
