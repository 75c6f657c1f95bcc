import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHostStandIn } from './__testUtils__/gitHostStandIn';
import { stampRendering } from './stampRendering';
import { createUpgradeTemplateAction } from './upgradeTemplateAction';

jest.setTimeout(60_000);

const author = { name: 'Dev', email: 'dev@example.com' };
const TOKEN = 'test-token-1234';
const TITLE = 'Upgrade to template:default/mini version 2 (from 1)';

const hosts = {
  github: {
    repoPath: 'acme/support-bot',
    location: (origin: string) =>
      `url:${origin}/acme/support-bot/blob/main/catalog-info.yaml`,
    integration: (host: string, origin: string) => ({
      github: [{ host, apiBaseUrl: `${origin}/api/v3`, token: TOKEN }],
    }),
    apiPath: '/api/v3/repos/acme/support-bot/pulls',
    request: (body: any) => ({
      head: body.head,
      base: body.base,
      title: body.title,
      body: body.body,
    }),
    webUrl: (origin: string) => `${origin}/acme/support-bot/pull/1`,
  },
  gitlab: {
    repoPath: 'platform/ml/support-bot',
    location: (origin: string) =>
      `url:${origin}/platform/ml/support-bot/-/blob/main/catalog-info.yaml`,
    integration: (host: string, origin: string) => ({
      gitlab: [
        { host, apiBaseUrl: `${origin}/api/v4`, baseUrl: origin, token: TOKEN },
      ],
    }),
    apiPath: '/api/v4/projects/platform%2Fml%2Fsupport-bot/merge_requests',
    request: (body: any) => ({
      head: body.source_branch,
      base: body.target_branch,
      title: body.title,
      body: body.description,
    }),
    webUrl: (origin: string) =>
      `${origin}/platform/ml/support-bot/-/merge_requests/1`,
  },
};

describe.each(['github', 'gitlab'] as const)(
  'ai-platform:template:upgrade on a %s host',
  provider => {
    const spec = hosts[provider];
    let dir: string;
    let standIn: Awaited<ReturnType<typeof startGitHostStandIn>>;
    const skeleton = () => path.join(dir, 'templates', 'mini', 'skeleton');
    const bare = () => path.join(dir, 'host', `${spec.repoPath}.git`);
    const gitShow = (what: string) =>
      execFileSync('git', ['--git-dir', bare(), 'show', what], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    const writeSkeleton = (files: Record<string, string>) => {
      fs.rmSync(skeleton(), { recursive: true, force: true });
      fs.mkdirSync(skeleton(), { recursive: true });
      for (const [name, content] of Object.entries(files)) {
        fs.writeFileSync(path.join(skeleton(), name), content);
      }
      fs.writeFileSync(
        path.join(skeleton(), '..', 'template.yaml'),
        'kind: Template\n',
      );
    };

    const template = (version: string): Entity => ({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: 'mini',
        annotations: {
          'backstage.io/managed-by-location': `file:${path.join(
            dir,
            'templates',
            'mini',
            'template.yaml',
          )}`,
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

    const project = (location: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'support-bot',
        annotations: {
          'backstage.io/source-location': location,
          'backstage.io/managed-by-location': location,
        },
      },
      spec: { type: 'service', owner: 'group:default/team-a' },
    });

    const action = (
      entities: Entity[],
      integrations: object = spec.integration(standIn.host, standIn.origin),
    ) =>
      createUpgradeTemplateAction({
        config: new ConfigReader({ integrations }),
        catalog: catalogServiceMock({ entities }),
        organisation: {
          membership: { teamsOf: async () => ['group:default/team-a'] },
          groupTree: { ancestors: async () => [] },
        },
        fetchTemplate: createFetchTemplateAction({
          reader: mockServices.urlReader.mock(),
          integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
        }),
      });

    const context = () => ({
      ...createMockActionContext({
        input: { entityRef: 'component:default/support-bot' },
        workspacePath: fs.mkdtempSync(path.join(dir, 'ws-')),
      }),
      isDryRun: false,
      createTemporaryDirectory: async () =>
        fs.mkdtempSync(path.join(dir, 'tmp-')),
    });

    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hosted-upgrade-'));
      // Version 1 of the template, rendered and recorded as a real run does;
      // then the project changes config.yaml.
      const work = path.join(dir, 'work');
      fs.mkdirSync(work);
      fs.writeFileSync(path.join(work, 'README.md'), '# support-bot\nv1\n');
      fs.writeFileSync(path.join(work, 'config.yaml'), 'replicas: 1\n');
      fs.writeFileSync(
        path.join(work, 'catalog-info.yaml'),
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: support-bot\n',
      );
      await stampRendering(work, {
        templateRef: 'template:default/mini',
        version: '1',
        skeletonStep: 'fetch',
        values: { name: 'support-bot' },
      });
      await git.init({ fs, dir: work, defaultBranch: 'main' });
      await git.add({ fs, dir: work, filepath: '.' });
      await git.commit({ fs, dir: work, message: 'Initial commit', author });
      fs.writeFileSync(path.join(work, 'config.yaml'), 'replicas: 3\n');
      await git.add({ fs, dir: work, filepath: 'config.yaml' });
      await git.commit({ fs, dir: work, message: 'More replicas', author });
      fs.mkdirSync(path.dirname(bare()), { recursive: true });
      execFileSync('git', ['clone', '--quiet', '--bare', work, bare()]);
      fs.rmSync(work, { recursive: true });

      // Version 2 changes README.md and config.yaml and adds NEW.md.
      writeSkeleton({
        'README.md': '# ${{ values.name }}\nv2\n',
        'config.yaml': 'replicas: 2\n',
        'NEW.md': 'new in v2\n',
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\n',
      });
      standIn = await startGitHostStandIn({
        provider,
        root: path.join(dir, 'host'),
        token: TOKEN,
      });
    });
    afterEach(async () => {
      await standIn.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('pushes the merge and the rendering, and opens the review request', async () => {
      const ctx = context();
      await action([
        project(spec.location(standIn.origin)),
        template('2'),
      ]).handler(ctx);

      const pullRequestUrl = spec.webUrl(standIn.origin);
      expect(ctx.output).toHaveBeenCalledWith('pullRequestUrl', pullRequestUrl);
      expect(ctx.output).toHaveBeenCalledWith(
        'repoPath',
        `${standIn.origin}/${spec.repoPath}`,
      );
      expect(ctx.output).toHaveBeenCalledWith('conflicts', [
        { path: 'config.yaml', reason: 'both-changed' },
      ]);
      // The pushed branch: the template's change, its new file, the
      // project's conflicting change marked, on top of main.
      const branch = 'refs/heads/template-upgrade/2';
      expect(gitShow(`${branch}:README.md`)).toBe('# support-bot\nv2\n');
      expect(gitShow(`${branch}:NEW.md`)).toBe('new in v2\n');
      expect(gitShow(`${branch}:config.yaml`)).toBe(
        [
          '<<<<<<< component:default/support-bot',
          'replicas: 3',
          '||||||| template:default/mini@1',
          'replicas: 1',
          '=======',
          'replicas: 2',
          '>>>>>>> template:default/mini@2',
          '',
        ].join('\n'),
      );
      expect(
        JSON.parse(gitShow(`${branch}:.ai-platform/template.json`)).version,
      ).toBe('2');
      expect(gitShow(`${branch}^`)).toBe(gitShow('refs/heads/main'));
      // The pure rendering, the next upgrade's base.
      const rendering = 'refs/ai-platform/renderings/2';
      expect(gitShow(`${rendering}:config.yaml`)).toBe('replicas: 2\n');
      expect(gitShow(`${rendering}:README.md`)).toBe('# support-bot\nv2\n');

      expect(standIn.changeRequests).toHaveLength(1);
      const [recorded] = standIn.changeRequests;
      expect(recorded.path).toBe(spec.apiPath);
      expect(recorded.authorized).toBe(true);
      const request = spec.request(recorded.body);
      expect(request).toMatchObject({
        head: 'template-upgrade/2',
        base: 'main',
        title: TITLE,
      });
      expect(request.body).toContain('- `NEW.md`\n');
      expect(request.body).toContain('- `README.md`\n');
      expect(request.body).toContain('- `config.yaml`: both-changed\n');
    });

    it("takes the pushed rendering as the next upgrade's base", async () => {
      const entity = project(spec.location(standIn.origin));
      await action([entity, template('2')]).handler(context());
      // The team resolves the conflict and merges the upgrade.
      execFileSync('git', [
        '--git-dir',
        bare(),
        'update-ref',
        'refs/heads/main',
        'refs/heads/template-upgrade/2',
      ]);
      // Version 3 changes the line version 2 changed: against version 1's
      // rendering README.md would conflict; against version 2's it applies.
      writeSkeleton({
        'README.md': '# ${{ values.name }}\nv3\n',
        'config.yaml': 'replicas: 2\n',
        'NEW.md': 'new in v2\n',
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\n',
      });
      const ctx = context();
      await action([entity, template('3')]).handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('conflicts', []);
      expect(gitShow('refs/heads/template-upgrade/3:README.md')).toBe(
        '# support-bot\nv3\n',
      );
    });

    it('refuses a branch already on the host and pushes nothing', async () => {
      execFileSync('git', [
        '--git-dir',
        bare(),
        'branch',
        'template-upgrade/2',
        'main',
      ]);
      const before = gitShow('refs/heads/template-upgrade/2');
      await expect(
        action([project(spec.location(standIn.origin)), template('2')]).handler(
          context(),
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'component:default/support-bot already has a branch template-upgrade/2; review or delete it first',
      });
      expect(gitShow('refs/heads/template-upgrade/2')).toBe(before);
      expect(standIn.changeRequests).toEqual([]);
      expect(() => gitShow('refs/ai-platform/renderings/2')).toThrow();
    });

    it('refuses a branch made on the host during the upgrade, at the push', async () => {
      await standIn.close();
      let made: string | undefined;
      standIn = await startGitHostStandIn({
        provider,
        root: path.join(dir, 'host'),
        token: TOKEN,
        // Someone pushes the branch once the upgrade starts pushing.
        beforeGitRequest: request => {
          if (!made && request.includes('service=git-receive-pack')) {
            execFileSync('git', [
              '--git-dir',
              bare(),
              'branch',
              'template-upgrade/2',
              'main',
            ]);
            made = gitShow('refs/heads/template-upgrade/2');
          }
        },
      });
      await expect(
        action([project(spec.location(standIn.origin)), template('2')]).handler(
          context(),
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `${standIn.origin}/${spec.repoPath} already has a branch template-upgrade/2; review or delete it first`,
      });
      expect(gitShow('refs/heads/template-upgrade/2')).toBe(made);
      expect(standIn.changeRequests).toEqual([]);
    });

    it('says so when the host refuses the token', async () => {
      const integrations = spec.integration(
        standIn.host,
        standIn.origin,
      ) as any;
      integrations[provider][0].token = 'wrong-token';
      const promise = action(
        [project(spec.location(standIn.origin)), template('2')],
        integrations,
      ).handler(context());
      await expect(promise).rejects.toThrow(
        `Could not clone ${standIn.origin}/${spec.repoPath}: HTTP Error: 401`,
      );
      await expect(promise).rejects.not.toThrow('wrong-token');
      expect(standIn.changeRequests).toEqual([]);
    });

    it.each([
      [
        'a host without an integration',
        () => ({}),
        (host: string) =>
          `entityRef: component:default/support-bot is on ${host}, which has no integration under integrations.github or integrations.gitlab (backstage.io/source-location)`,
      ],
      [
        'an integration without a token',
        () => ({
          [provider]: [
            {
              ...(
                hosts[provider].integration(standIn.host, standIn.origin) as any
              )[provider][0],
              token: undefined,
            },
          ],
        }),
        (host: string) =>
          `entityRef: component:default/support-bot is on ${host}, whose integrations.${provider} entry has no token`,
      ],
    ])('refuses %s with a 400', async (_what, integrations, message) => {
      const promise = action(
        [project(spec.location(standIn.origin)), template('2')],
        integrations(),
      ).handler(context());
      await expect(promise).rejects.toMatchObject({ name: 'InputError' });
      await expect(promise).rejects.toThrow(message(standIn.host));
      expect(standIn.gitRequests).toEqual([]);
    });
  },
);
