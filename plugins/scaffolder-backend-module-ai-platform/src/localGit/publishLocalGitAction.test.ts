import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { createPublishLocalGitAction } from './publishLocalGitAction';
import { publishLocalGitExamples } from './publishLocalGitAction.examples';

describe('publish:local-git', () => {
  let root: string;
  let workspace: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-git-root-'));
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'local-git-ws-'));
    for (const dir of [workspace, path.join(workspace, 'project')]) {
      fs.mkdirSync(path.join(dir, 'docs'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'catalog-info.yaml'),
        'kind: Component\n',
      );
      fs.writeFileSync(path.join(dir, 'docs', 'index.md'), '# Hello\n');
    }
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const action = () =>
    createPublishLocalGitAction({
      config: new ConfigReader({
        aiPlatform: { scaffolder: { localGitRoot: root } },
      }),
    });

  it.each(publishLocalGitExamples.map(e => [e.description, e] as const))(
    'runs the example: %s',
    async (_d, example) => {
      const input = parse(example.example).steps[0].input;
      const ctx = createMockActionContext({ input, workspacePath: workspace });
      await action().handler(ctx);

      const repo = path.join(root, input.repoName);
      const branch = input.defaultBranch ?? 'main';
      // git itself reads what was committed.
      expect(
        execFileSync('git', ['-C', repo, 'log', '--format=%s|%an', branch], {
          encoding: 'utf8',
        }).trim(),
      ).toBe(`Initial commit|${input.gitAuthorName ?? 'Scaffolder'}`);
      expect(
        execFileSync('git', ['-C', repo, 'ls-files'], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .sort(),
      ).toEqual(
        input.sourcePath
          ? ['catalog-info.yaml', 'docs/index.md']
          : [
              'catalog-info.yaml',
              'docs/index.md',
              'project/catalog-info.yaml',
              'project/docs/index.md',
            ],
      );
      expect(
        execFileSync('git', ['-C', repo, 'status', '--porcelain'], {
          encoding: 'utf8',
        }),
      ).toBe('');
      const [head] = await git.log({ fs, dir: repo, depth: 1 });
      expect(ctx.output).toHaveBeenCalledWith('commitHash', head.oid);
      expect(ctx.output).toHaveBeenCalledWith('repoPath', repo);
      expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${repo}`);
      expect(ctx.output).toHaveBeenCalledWith('defaultBranch', branch);
    },
  );

  it.each([
    [{ repoName: '../escape' }, /repoName: must be 1-63 lowercase/],
    [{ repoName: 'Bad Name' }, /repoName/],
    [{ repoName: 'ok', defaultBranch: '-x; rm' }, /defaultBranch/],
    [{ repoName: 'ok', gitAuthorEmail: 'not-an-email' }, /gitAuthorEmail/],
  ])('refuses %j naming the field, writing nothing', async (input, message) => {
    await expect(
      action().handler(
        createMockActionContext({ input, workspacePath: workspace }),
      ),
    ).rejects.toThrow(message);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('refuses a name already taken and leaves that repository alone', async () => {
    const input = { repoName: 'taken' };
    await action().handler(
      createMockActionContext({ input, workspacePath: workspace }),
    );
    const before = execFileSync(
      'git',
      ['-C', path.join(root, 'taken'), 'rev-parse', 'HEAD'],
      { encoding: 'utf8' },
    );
    await expect(
      action().handler(
        createMockActionContext({ input, workspacePath: workspace }),
      ),
    ).rejects.toThrow(/'taken' already exists/);
    expect(
      execFileSync(
        'git',
        ['-C', path.join(root, 'taken'), 'rev-parse', 'HEAD'],
        { encoding: 'utf8' },
      ),
    ).toBe(before);
  });

  it('writes nothing in a dry run and still names the repository', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { repoName: 'dry' },
        workspacePath: workspace,
      }),
      isDryRun: true,
    };
    await action().handler(ctx);
    expect(fs.readdirSync(root)).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `file://${path.join(root, 'dry')}`,
    );
    expect(ctx.output).toHaveBeenCalledWith('commitHash', 'dry-run');
  });

  it('commits the workspace to an existing repository: changes, additions and deletions', async () => {
    await action().handler(
      createMockActionContext({
        input: { repoName: 'two-step' },
        workspacePath: workspace,
      }),
    );
    fs.rmSync(path.join(workspace, 'project'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'catalog-info.yaml'), 'kind: API\n');
    fs.writeFileSync(path.join(workspace, 'train.py'), 'print(1)\n');
    const ctx = createMockActionContext({
      input: {
        repoName: 'two-step',
        existingRepository: 'commit' as const,
        gitCommitMessage: 'Project for GPU request 42',
      },
      workspacePath: workspace,
    });
    await action().handler(ctx);

    const repo = path.join(root, 'two-step');
    const inRepo = (...args: string[]) =>
      execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
    expect(inRepo('log', '--format=%s')).toBe(
      'Project for GPU request 42\nInitial commit',
    );
    expect(inRepo('ls-files').split('\n').sort()).toEqual([
      'catalog-info.yaml',
      'docs/index.md',
      'train.py',
    ]);
    expect(inRepo('show', 'HEAD:catalog-info.yaml')).toBe('kind: API');
    expect(inRepo('status', '--porcelain')).toBe('');
    expect(ctx.output).toHaveBeenCalledWith(
      'commitHash',
      inRepo('rev-parse', 'HEAD'),
    );
  });

  it('refuses to commit to a repository that does not exist', async () => {
    await expect(
      action().handler(
        createMockActionContext({
          input: { repoName: 'missing', existingRepository: 'commit' as const },
          workspacePath: workspace,
        }),
      ),
    ).rejects.toThrow(/repository 'missing' does not exist/);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
