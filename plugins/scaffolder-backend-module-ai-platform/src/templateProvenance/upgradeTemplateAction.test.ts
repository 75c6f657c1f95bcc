import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { readBlobBytes, readTreeFiles } from './gitTrees';
import { stampRendering } from './stampRendering';
import { createUpgradeTemplateAction } from './upgradeTemplateAction';
import { upgradeTemplateExamples } from './upgradeTemplateAction.examples';

const author = { name: 'Dev', email: 'dev@example.com' };

describe('ai-platform:template:upgrade', () => {
  let dir: string;
  let root: string;
  const templateFile = () =>
    path.join(dir, 'templates', 'mini', 'template.yaml');

  const project = (name: string, location: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: { 'backstage.io/managed-by-location': location },
    },
    spec: {
      type: 'service',
      owner: 'group:default/team-a',
      lifecycle: 'production',
    },
  });

  const template = (version: string): Entity => ({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'mini',
      annotations: {
        'backstage.io/managed-by-location': `file:${templateFile()}`,
        'ai-platform.io/template-version': version,
      },
    },
    spec: {
      type: 'service',
      parameters: [],
      steps: [
        {
          id: 'fetch',
          action: 'fetch:template',
          input: {
            url: './skeleton',
            values: { name: '${{ parameters.name }}' },
          },
        },
      ],
    },
  });

  /** A project at version 1 of template mini, as a real run leaves it. */
  async function createProject(name: string, rendering = '# ${name}\nv1\n') {
    const repo = path.join(root, name);
    fs.mkdirSync(repo);
    fs.writeFileSync(
      path.join(repo, 'README.md'),
      rendering.replace('${name}', name),
    );
    fs.writeFileSync(
      path.join(repo, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n`,
    );
    await stampRendering(repo, {
      templateRef: 'template:default/mini',
      version: '1',
      skeletonStep: 'fetch',
      values: { name },
    });
    await git.init({ fs, dir: repo, defaultBranch: 'main' });
    await git.add({ fs, dir: repo, filepath: '.' });
    await git.commit({ fs, dir: repo, message: 'Initial commit', author });
    return repo;
  }

  const action = (entities: Entity[]) =>
    createUpgradeTemplateAction({
      config: new ConfigReader({
        aiPlatform: { scaffolder: { localGitRoot: root } },
      }),
      catalog: catalogServiceMock({ entities }),
      // The mock context's user (user:default/mock) is in team-a, which owns the projects.
      organisation: {
        membership: { teamsOf: async () => ['group:default/team-a'] },
        groupTree: { ancestors: async () => [] },
      },
      fetchTemplate: createFetchTemplateAction({
        reader: mockServices.urlReader.mock(),
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      }),
    });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-upgrade-action-'));
    root = path.join(dir, 'git-repos');
    fs.mkdirSync(root);
    const skeleton = path.join(path.dirname(templateFile()), 'skeleton');
    fs.mkdirSync(skeleton, { recursive: true });
    fs.writeFileSync(templateFile(), 'kind: Template\n');
    fs.writeFileSync(
      path.join(skeleton, 'README.md'),
      '# ${{ values.name }}\nv2\n',
    );
    fs.writeFileSync(
      path.join(skeleton, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\n',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The mock context takes neither isDryRun nor createTemporaryDirectory.
  const context = (input: { entityRef: string }, isDryRun = false) => ({
    ...createMockActionContext({
      input,
      workspacePath: fs.mkdtempSync(path.join(dir, 'ws-')),
    }),
    isDryRun,
    createTemporaryDirectory: async () =>
      fs.mkdtempSync(path.join(dir, 'tmp-')),
  });

  it.each(upgradeTemplateExamples.map(e => [e.description, e] as const))(
    'runs the example: %s',
    async (_d, example) => {
      const input = parse(example.example).steps[0].input;
      const repo = await createProject('support-bot');
      const ctx = context(input);
      await action([
        project('support-bot', `file:${path.join(repo, 'catalog-info.yaml')}`),
        template('2'),
      ]).handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith('branch', 'template-upgrade/2');
      expect(ctx.output).toHaveBeenCalledWith('changedFiles', [
        '.ai-platform/template.json',
        'README.md',
        'catalog-info.yaml',
      ]);
      expect(ctx.output).toHaveBeenCalledWith('conflicts', []);
      const oid = await git.resolveRef({
        fs,
        dir: repo,
        ref: 'template-upgrade/2',
      });
      const { commit } = await git.readCommit({ fs, dir: repo, oid });
      const files = await readTreeFiles(repo, commit.tree);
      expect(
        (await readBlobBytes(repo, files.get('README.md')!.oid)).toString(),
      ).toBe('# support-bot\nv2\n');
      expect(commit.message).toContain(
        'Upgrade to template:default/mini version 2 (from 1)',
      );
    },
  );

  it("takes the previous upgrade's rendering as the next upgrade's base", async () => {
    const repo = await createProject('support-bot');
    const entity = project(
      'support-bot',
      `file:${path.join(repo, 'catalog-info.yaml')}`,
    );
    const upgrade = async (version: string) => {
      const ctx = context({ entityRef: 'component:default/support-bot' });
      await action([entity, template(version)]).handler(ctx);
      // The team merges the upgrade: main moves to the branch.
      const oid = await git.resolveRef({
        fs,
        dir: repo,
        ref: `template-upgrade/${version}`,
      });
      await git.writeRef({
        fs,
        dir: repo,
        ref: 'refs/heads/main',
        value: oid,
        force: true,
      });
      return ctx;
    };
    await upgrade('2');
    // Version 3 changes the line version 2 changed: merged against version
    // 1's rendering this would conflict; against version 2's it applies.
    const readme = path.join(
      path.dirname(templateFile()),
      'skeleton',
      'README.md',
    );
    fs.writeFileSync(readme, '# ${{ values.name }}\nv3\n');
    const ctx = await upgrade('3');
    expect(ctx.output).toHaveBeenCalledWith('fromVersion', '2');
    expect(ctx.output).toHaveBeenCalledWith('conflicts', []);
    const oid = await git.resolveRef({ fs, dir: repo, ref: 'main' });
    const { commit } = await git.readCommit({ fs, dir: repo, oid });
    const files = await readTreeFiles(repo, commit.tree);
    expect(
      (await readBlobBytes(repo, files.get('README.md')!.oid)).toString(),
    ).toBe('# support-bot\nv3\n');
    expect(
      JSON.parse(
        (
          await readBlobBytes(
            repo,
            files.get('.ai-platform/template.json')!.oid,
          )
        ).toString(),
      ).version,
    ).toBe('3');
  });

  it('refuses a user outside the owning team and writes nothing', async () => {
    const repo = await createProject('support-bot');
    const ctx = context({ entityRef: 'component:default/support-bot' });
    const owned = project(
      'support-bot',
      `file:${path.join(repo, 'catalog-info.yaml')}`,
    );
    owned.spec!.owner = 'group:default/team-b';
    await expect(
      action([owned, template('2')]).handler(ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'component:default/support-bot is owned by group:default/team-b: only its members, or members of the groups above it, may upgrade it',
    });
    expect(await git.listBranches({ fs, dir: repo })).toEqual(['main']);
  });

  it('changes nothing in a dry run', async () => {
    const repo = await createProject('support-bot');
    const ctx = context({ entityRef: 'component:default/support-bot' }, true);
    await action([
      project('support-bot', `file:${path.join(repo, 'catalog-info.yaml')}`),
      template('2'),
    ]).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('commitHash', 'dry-run');
    expect(await git.listBranches({ fs, dir: repo })).toEqual(['main']);
  });

  it.each([
    '',
    'support-bot/../../etc',
    'component:default/../../etc',
    'component:../x/support-bot',
    'component:default/a b',
    'component:default/support-bot\n',
    `component:default/${'a'.repeat(300)}`,
  ])(
    'refuses the entity ref %j with a 400 naming the field',
    async entityRef => {
      const promise = action([]).handler(context({ entityRef }));
      await expect(promise).rejects.toThrow(InputError);
      await expect(promise).rejects.toThrow(/^entityRef: /);
    },
  );

  it.each([
    [
      'on GitHub without a token',
      'url:https://github.com/acme/support-bot/blob/main/catalog-info.yaml',
      'is on github.com, whose integrations.github entry has no token',
    ],
    [
      'on Bitbucket',
      'url:https://bitbucket.org/acme/support-bot/src/main/catalog-info.yaml',
      'is on bitbucket.org, a bitbucketCloud host: only GitHub and GitLab repositories can be upgraded (backstage.io/managed-by-location)',
    ],
    [
      'on a host without an integration',
      'url:https://git.example.org/acme/support-bot/blob/main/catalog-info.yaml',
      'is on git.example.org, which has no integration under integrations.github or integrations.gitlab (backstage.io/managed-by-location)',
    ],
    [
      'kept by a location of another type',
      'github-discovery:https://github.com/acme',
      'is kept at github-discovery:https://github.com/acme',
    ],
    [
      'in a file elsewhere',
      'file:/etc/catalog-info.yaml',
      'is read from /etc/catalog-info.yaml',
    ],
    ['escaping the root', 'file:ROOT/../evil/catalog-info.yaml', 'not from'],
    [
      'with no git repository',
      'file:ROOT/missing/catalog-info.yaml',
      'has no git repository',
    ],
  ])(
    'refuses a project %s with a 400 naming the field',
    async (_what, location, message) => {
      const promise = action([
        project('support-bot', location.replace('ROOT', root)),
        template('2'),
      ]).handler(context({ entityRef: 'component:default/support-bot' }));
      await expect(promise).rejects.toThrow(InputError);
      await expect(promise).rejects.toThrow(
        /^entityRef: component:default\/support-bot /,
      );
      await expect(promise).rejects.toThrow(message);
    },
  );

  it('refuses a record whose rendering leaves the repository', async () => {
    const repo = await createProject('support-bot');
    const recordFile = path.join(repo, '.ai-platform', 'template.json');
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8'));
    record.rendering['../../outside.txt'] = record.rendering['README.md'];
    fs.writeFileSync(recordFile, JSON.stringify(record));
    await git.add({ fs, dir: repo, filepath: '.ai-platform/template.json' });
    await git.commit({ fs, dir: repo, message: 'Hostile record', author });

    const promise = action([
      project('support-bot', `file:${path.join(repo, 'catalog-info.yaml')}`),
      template('2'),
    ]).handler(context({ entityRef: 'component:default/support-bot' }));
    await expect(promise).rejects.toThrow(InputError);
    await expect(promise).rejects.toThrow(
      '.ai-platform/template.json: rendering: every path must stay inside the project',
    );
    expect(fs.existsSync(path.join(dir, 'outside.txt'))).toBe(false);
  });

  it('refuses a project already on the current version, and a second upgrade', async () => {
    const repo = await createProject('support-bot');
    const entity = project(
      'support-bot',
      `file:${path.join(repo, 'catalog-info.yaml')}`,
    );
    await expect(
      action([entity, template('1')]).handler(
        context({ entityRef: 'component:default/support-bot' }),
      ),
    ).rejects.toThrow(ConflictError);
    await action([entity, template('2')]).handler(
      context({ entityRef: 'component:default/support-bot' }),
    );
    await expect(
      action([entity, template('2')]).handler(
        context({ entityRef: 'component:default/support-bot' }),
      ),
    ).rejects.toThrow('already has a branch template-upgrade/2');
  });
});
