import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { waitFor } from '@ai-platform/test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { scaffolderModuleAiPlatform } from '../module';
import { catalogEntities } from '../templates/__fixtures__/catalogEntities';
import { sampleValues } from '../templates/__fixtures__/sampleValues';
import { templatesDir } from '../templates/__testUtils__/fixturesDir';
import { readBlobBytes, readTreeFiles } from './gitTrees';
import { runTask } from './__testUtils__/runTask';

jest.setTimeout(240_000);

const PROJECT = 'component:default/support-bot';
const TEMPLATE = 'template:default/genai-application';

/** Files of a commit (or branch) of a repository, as text by path. */
async function treeText(dir: string, ref: string) {
  const oid = await git.resolveRef({ fs, dir, ref });
  const { commit } = await git.readCommit({ fs, dir, oid });
  const files = new Map<string, string>();
  for (const [p, f] of await readTreeFiles(dir, commit.tree)) {
    files.set(p, (await readBlobBytes(dir, f.oid)).toString('utf8'));
  }
  return files;
}

/** Replaces exactly one occurrence, so a test edit never silently misses. */
function replaceOnce(text: string, from: string, to: string) {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function editFile(file: string, from: string, to: string) {
  fs.writeFileSync(file, replaceOnce(fs.readFileSync(file, 'utf8'), from, to));
}

/**
 * The whole round trip in the real scaffolder and catalog: genai-application
 * makes a project in a local git repository, the project and the template
 * both move on, and the upgrade template commits the three-way merge on a
 * branch of the project's repository.
 */
describe('upgrading a project from its golden path', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const gitRoot = () => path.join(dir, 'git-repos');
  const templates = () => path.join(dir, 'templates');
  const repo = () => path.join(gitRoot(), 'support-bot');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-upgrade-'));
    fs.mkdirSync(gitRoot());
    // A copy of the templates the test can move to a new version.
    for (const name of ['genai-application', 'template-upgrade']) {
      fs.cpSync(path.join(templatesDir(), name), path.join(templates(), name), {
        recursive: true,
      });
    }
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
                  target: path.join(templates(), '*', 'template.yaml'),
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
    await waitFor(async () => {
      for (const ref of [
        'template/default/genai-application',
        'template/default/template-upgrade',
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

  it('records the template, version and values, then upgrades with a three-way merge on a branch', async () => {
    // 1. A project from version 1.
    const values: Record<string, any> = {
      ...sampleValues['genai-application'],
      name: 'support-bot',
    };
    const created = await runTask(server, TEMPLATE, values);
    expect({ status: created.status, log: created.log }).toMatchObject({
      status: 'completed',
    });

    const v1 = await treeText(repo(), 'main');
    const record = JSON.parse(v1.get('.ai-platform/template.json')!);
    expect(record).toMatchObject({
      templateRef: TEMPLATE,
      version: '1',
      skeletonStep: 'fetch',
      values: {
        name: 'support-bot',
        owner: values.owner,
        modelApi: values.modelApi,
        modelApiName: 'assistant-llm-api',
      },
    });
    // The rendering is every file of the commit but the record.
    expect(Object.keys(record.rendering).sort()).toEqual(
      [...v1.keys()].filter(p => p !== '.ai-platform/template.json').sort(),
    );
    const entity = await waitFor(async () => {
      const res = await request(server).get(
        '/api/catalog/entities/by-name/component/default/support-bot',
      );
      return res.status === 200 ? res.body : undefined;
    }, 60_000);
    expect(entity.metadata.annotations).toMatchObject({
      'ai-platform.io/template-ref': TEMPLATE,
      'ai-platform.io/template-version': '1',
    });

    // 2. The project moves on: one change the template will also make
    // differently (README), one far from the template's change (app.py), and
    // a file of its own.
    const work = repo();
    editFile(
      path.join(work, 'README.md'),
      '## Running it\n',
      '## Running the service\n',
    );
    editFile(
      path.join(work, 'app.py'),
      'SYSTEM_PROMPT = "You are a concise assistant for support-bot."',
      'SYSTEM_PROMPT = "You are a friendly assistant for support-bot."',
    );
    fs.writeFileSync(path.join(work, 'NOTES.md'), '# Team notes\n');
    for (const filepath of ['README.md', 'app.py', 'NOTES.md']) {
      await git.add({ fs, dir: work, filepath });
    }
    await git.commit({
      fs,
      dir: work,
      message: 'Our own changes',
      author: { name: 'Dev', email: 'dev@example.com' },
    });
    const main = await treeText(work, 'main');
    const mainHead = await git.resolveRef({ fs, dir: work, ref: 'main' });

    // 3. The template moves to version 2: a changed file, a new file, a
    // deleted file, and changes to both files the project changed.
    const t = path.join(templates(), 'genai-application');
    editFile(
      path.join(t, 'template.yaml'),
      "ai-platform.io/template-version: '1'",
      "ai-platform.io/template-version: '2'",
    );
    editFile(
      path.join(t, 'skeleton', 'Dockerfile'),
      'python:3.12-slim',
      'python:3.13-slim',
    );
    fs.writeFileSync(
      path.join(t, 'skeleton', 'SECURITY.md'),
      '# Security of ${{ values.name }}\n',
    );
    fs.rmSync(path.join(t, 'skeleton', 'requirements.txt'));
    editFile(
      path.join(t, 'skeleton', 'README.md'),
      '## Running it\n',
      '## Running it locally\n',
    );
    editFile(
      path.join(t, 'skeleton', 'app.py'),
      '"max_tokens": 256,',
      '"max_tokens": 512,',
    );
    await request(server)
      .post('/api/catalog/refresh')
      .send({ entityRef: TEMPLATE })
      .expect(200);
    await waitFor(async () => {
      const res = await request(server).get(
        '/api/catalog/entities/by-name/template/default/genai-application',
      );
      return res.body.metadata?.annotations?.[
        'ai-platform.io/template-version'
      ] === '2'
        ? true
        : undefined;
    }, 60_000);

    // 4. The upgrade, as a scaffolder task of the upgrade template.
    const upgrade = await runTask(server, 'template:default/template-upgrade', {
      entityRef: PROJECT,
    });
    expect({ status: upgrade.status, log: upgrade.log }).toMatchObject({
      status: 'completed',
    });
    expect(upgrade.log).toContain(
      'Upgraded component:default/support-bot from 1 to 2',
    );
    const [summary] = upgrade.output.text;
    expect(summary.content).toContain('on branch `template-upgrade/2`');
    expect(summary.content).toContain(
      'Changed files: .ai-platform/template.json, Dockerfile, README.md, SECURITY.md, app.py, catalog-info.yaml, requirements.txt',
    );
    expect(summary.content).toContain(
      'Conflicts (resolve the marked files before merging): README.md',
    );
    // A local repository: no pull request, the branch to merge and its folder.
    expect(summary.content).toContain(
      `Merge it with \`git merge template-upgrade/2\` in ${repo()}`,
    );
    expect(upgrade.output.links.slice(1)).toEqual([
      { title: 'Repository', url: `file://${repo()}` },
    ]);

    // 5. The branch holds exactly the merge; main and the working tree are untouched.
    expect(await git.resolveRef({ fs, dir: work, ref: 'main' })).toBe(mainHead);
    expect(fs.readFileSync(path.join(work, 'README.md'), 'utf8')).toBe(
      main.get('README.md'),
    );
    const upgraded = await treeText(work, 'template-upgrade/2');
    const expected = new Map(main);
    expected.set(
      'Dockerfile',
      replaceOnce(
        main.get('Dockerfile')!,
        'python:3.12-slim',
        'python:3.13-slim',
      ),
    );
    expected.set('SECURITY.md', '# Security of support-bot\n');
    expected.delete('requirements.txt');
    expected.set(
      'app.py',
      replaceOnce(
        main.get('app.py')!,
        '"max_tokens": 256,',
        '"max_tokens": 512,',
      ),
    );
    expected.set(
      'README.md',
      replaceOnce(
        main.get('README.md')!,
        '## Running the service\n',
        [
          `<<<<<<< ${PROJECT}`,
          '## Running the service',
          `||||||| ${TEMPLATE}@1`,
          '## Running it',
          '=======',
          '## Running it locally',
          `>>>>>>> ${TEMPLATE}@2`,
          '',
        ].join('\n'),
      ),
    );
    expected.set(
      'catalog-info.yaml',
      replaceOnce(
        main.get('catalog-info.yaml')!,
        `ai-platform.io/template-version: "1"`,
        `ai-platform.io/template-version: "2"`,
      ),
    );
    const newRecord = JSON.parse(upgraded.get('.ai-platform/template.json')!);
    expected.set(
      '.ai-platform/template.json',
      upgraded.get('.ai-platform/template.json')!,
    );
    expect(Object.fromEntries(upgraded)).toEqual(Object.fromEntries(expected));

    // The new record: version 2, the same values, the new rendering as the
    // next base, kept reachable under refs/ai-platform/renderings/2.
    expect(newRecord).toMatchObject({
      templateRef: TEMPLATE,
      version: '2',
      values: record.values,
    });
    expect(Object.keys(newRecord.rendering)).toContain('SECURITY.md');
    expect(Object.keys(newRecord.rendering)).not.toContain('requirements.txt');
    expect(newRecord.rendering['README.md']).not.toBe(
      (
        await readTreeFiles(
          work,
          (
            await git.readCommit({
              fs,
              dir: work,
              oid: await git.resolveRef({
                fs,
                dir: work,
                ref: 'template-upgrade/2',
              }),
            })
          ).commit.tree,
        )
      ).get('README.md')!.oid,
    );
    const rendering = await treeText(work, 'refs/ai-platform/renderings/2');
    expect(rendering.get('README.md')).toContain('## Running it locally');
    expect(rendering.get('app.py')).toContain('concise assistant');

    // 6. A second upgrade to the same version is refused, naming the branch.
    const again = await runTask(server, 'template:default/template-upgrade', {
      entityRef: PROJECT,
    });
    expect(again.status).toBe('failed');
    expect(again.log).toContain('already has a branch template-upgrade/2');
  });
});
