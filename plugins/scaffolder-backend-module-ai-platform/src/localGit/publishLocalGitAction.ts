import { Config } from '@backstage/config';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import git from 'isomorphic-git';
import { localGitRoot, REPO_NAME_PATTERN } from './localGitRoot';
import { publishLocalGitExamples } from './publishLocalGitAction.examples';

const BRANCH_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

/**
 * `publish:local-git`: the embedded default's publisher. Commits the
 * workspace into a new git repository under `aiPlatform.scaffolder.localGitRoot`,
 * so a template runs end to end with no GitHub or GitLab. Production
 * templates publish with `publish:github` or `publish:gitlab` instead.
 *
 * @public
 */
export function createPublishLocalGitAction(options: { config: Config }) {
  return createTemplateAction({
    id: 'publish:local-git',
    description:
      'Commits the workspace into a new local git repository under aiPlatform.scaffolder.localGitRoot (the embedded default; production publishes to GitHub or GitLab).',
    examples: publishLocalGitExamples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .describe(
              'Name of the repository folder: lowercase letters, digits and dashes, at most 63 characters',
            ),
        description: z =>
          z
            .string()
            .optional()
            .describe('Description, written to the repository config'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Sub-folder of the workspace to publish; all of it by default',
            ),
        defaultBranch: z =>
          z
            .string()
            .optional()
            .describe('Branch to commit to; main by default'),
        gitCommitMessage: z =>
          z
            .string()
            .optional()
            .describe(
              'Message of the first commit; "Initial commit" by default',
            ),
        gitAuthorName: z =>
          z
            .string()
            .optional()
            .describe(
              'Commit author; the user running the template by default',
            ),
        gitAuthorEmail: z =>
          z.string().optional().describe('Commit author e-mail'),
        existingRepository: z =>
          z
            .enum(['fail', 'commit'])
            .optional()
            .describe(
              'fail (the default): the repository must be new; commit: it must exist, and the workspace becomes its next commit',
            ),
      },
      output: {
        remoteUrl: z => z.string().describe('file: URL of the repository'),
        repoContentsUrl: z =>
          z.string().describe('file: URL of the committed contents'),
        repoPath: z => z.string().describe('Absolute path of the repository'),
        commitHash: z => z.string().describe('The commit made'),
        defaultBranch: z => z.string().describe('The branch committed to'),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      const branch = ctx.input.defaultBranch ?? 'main';
      const problems: string[] = [];
      if (!REPO_NAME_PATTERN.test(repoName)) {
        problems.push(
          'repoName: must be 1-63 lowercase letters, digits and dashes, starting and ending with a letter or digit',
        );
      }
      if (!BRANCH_PATTERN.test(branch) || branch.includes('..')) {
        problems.push(
          'defaultBranch: must be a plain branch name such as main',
        );
      }
      if (
        ctx.input.gitAuthorEmail &&
        !/^[^\s<>@]+@[^\s<>@]+$/.test(ctx.input.gitAuthorEmail)
      ) {
        problems.push('gitAuthorEmail: must be an e-mail address');
      }
      if (problems.length > 0) {
        throw new InputError(
          `Invalid publish:local-git input: ${problems.join('; ')}`,
        );
      }
      const root = localGitRoot(options.config);
      const repoPath = resolveSafeChildPath(root, repoName);
      const sourceDir = ctx.input.sourcePath
        ? resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath)
        : ctx.workspacePath;
      const remoteUrl = pathToFileURL(repoPath).href;
      const output = (commitHash: string) => {
        ctx.output('remoteUrl', remoteUrl);
        ctx.output('repoContentsUrl', remoteUrl);
        ctx.output('repoPath', repoPath);
        ctx.output('commitHash', commitHash);
        ctx.output('defaultBranch', branch);
      };

      const commitToExisting = ctx.input.existingRepository === 'commit';
      if (!commitToExisting && fs.existsSync(repoPath)) {
        throw new ConflictError(
          `publish:local-git: repository '${repoName}' already exists in ${root}; choose another name`,
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish to ${repoPath}`, { repoPath });
        output('dry-run');
        return;
      }
      if (commitToExisting && !fs.existsSync(join(repoPath, '.git'))) {
        throw new NotFoundError(
          `publish:local-git: repository '${repoName}' does not exist in ${root}; publish it first`,
        );
      }

      const user = ctx.user?.entity;
      const author = {
        name:
          ctx.input.gitAuthorName ??
          (user?.spec?.profile as { displayName?: string } | undefined)
            ?.displayName ??
          ctx.user?.ref ??
          'Scaffolder',
        email:
          ctx.input.gitAuthorEmail ??
          (user?.spec?.profile as { email?: string } | undefined)?.email ??
          'scaffolder@backstage.local',
      };
      if (commitToExisting) {
        const commitHash = await commitWorkspace({
          repoPath,
          sourceDir,
          message: ctx.input.gitCommitMessage ?? 'Update from the scaffolder',
          author,
        });
        ctx.logger.info(`Committed to the local git repository ${repoName}`, {
          repoPath,
          commitHash,
        });
        output(commitHash);
        return;
      }
      await fs.promises.mkdir(root, { recursive: true });
      try {
        // mkdir without recursive fails if another task took the name meanwhile.
        await fs.promises.mkdir(repoPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new ConflictError(
            `publish:local-git: repository '${repoName}' already exists in ${root}; choose another name`,
          );
        }
        throw error;
      }
      try {
        await fs.promises.cp(sourceDir, repoPath, { recursive: true });
        await git.init({ fs, dir: repoPath, defaultBranch: branch });
        if (ctx.input.description) {
          await fs.promises.writeFile(
            join(repoPath, '.git', 'description'),
            `${ctx.input.description.replace(/\s+/g, ' ').trim()}\n`,
          );
        }
        await git.add({ fs, dir: repoPath, filepath: '.' });
        const commitHash = await git.commit({
          fs,
          dir: repoPath,
          message: ctx.input.gitCommitMessage ?? 'Initial commit',
          author,
        });
        ctx.logger.info(`Published ${repoName} to a local git repository`, {
          repoPath,
          commitHash,
          branch,
        });
        output(commitHash);
      } catch (error) {
        // Leave nothing half-written, so the same name can be used again.
        await fs.promises.rm(repoPath, { recursive: true, force: true });
        throw error;
      }
    },
  });
}

/**
 * Makes the workspace the next commit of an existing repository: its files
 * replace the working tree, and additions, changes and deletions are staged.
 */
async function commitWorkspace(options: {
  repoPath: string;
  sourceDir: string;
  message: string;
  author: { name: string; email: string };
}): Promise<string> {
  const { repoPath: dir } = options;
  for (const entry of await fs.promises.readdir(dir)) {
    if (entry !== '.git') {
      await fs.promises.rm(join(dir, entry), { recursive: true, force: true });
    }
  }
  await fs.promises.cp(options.sourceDir, dir, { recursive: true });
  const HEAD = 1;
  const WORKDIR = 2;
  for (const row of await git.statusMatrix({ fs, dir })) {
    const filepath = row[0];
    if (row[WORKDIR] === 0) {
      if (row[HEAD] !== 0) await git.remove({ fs, dir, filepath });
    } else {
      await git.add({ fs, dir, filepath });
    }
  }
  return git.commit({
    fs,
    dir,
    message: options.message,
    author: options.author,
  });
}
