import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { assertMayUpgrade, ProjectOwnership } from './assertMayUpgrade';
import { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import git from 'isomorphic-git';
import {
  readBlobBytes,
  readTreeFiles,
  TreeFile,
  writeTreeFiles,
} from './gitTrees';
import { describeUpgrade } from './describeUpgrade';
import { parseProjectEntityRef } from './localProjectRepository';
import { mergeRenderings } from './mergeRenderings';
import { openProjectRepository } from './projectRepository';
import {
  checkTemplateVersion,
  parseTemplateRecord,
  TEMPLATE_RECORD_PATH,
  upgradeBranch,
} from './provenance';
import { TEMPLATE_VERSION_ANNOTATION } from '@ai-platform/plugin-ai-platform-common';
import { renderSkeleton } from './renderSkeleton';
import {
  readDirectoryFiles,
  ProjectFile,
  stampRendering,
} from './stampRendering';
import { upgradeTemplateExamples } from './upgradeTemplateAction.examples';

/** A record file is a few kilobytes; anything far larger is not one. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** Where each version's pure rendering is kept reachable, as the next upgrade's base. */
const renderingRef = (version: string) =>
  `refs/ai-platform/renderings/${version}`;

/**
 * `ai-platform:template:upgrade`: brings a project made from a suite template
 * to the template's current version. It reads the project's
 * `.ai-platform/template.json`, renders the template's current skeleton with
 * the recorded values through the scaffolder's own `fetch:template`,
 * three-way-merges it with the project's files (the recorded rendering as
 * the base) and commits the result on a new branch `template-upgrade/<version>`,
 * leaving the default branch alone: in the project's local git repository in
 * the embedded default, or pushed to its GitHub or GitLab repository (from
 * `integrations`) with a pull or merge request. Conflicts are committed with
 * markers and listed.
 *
 * @public
 */
export function createUpgradeTemplateAction(options: {
  config: Config;
  catalog: CatalogService;
  /** Who may upgrade a project: its owners, by the suite's membership rule. */
  organisation: ProjectOwnership;
  fetchTemplate: TemplateAction<any, any, any>;
  /** GitHub and GitLab hosts; from `integrations` in the config by default. */
  integrations?: ScmIntegrationRegistry;
}) {
  const { config, catalog, organisation, fetchTemplate } = options;
  const integrations =
    options.integrations ?? ScmIntegrations.fromConfig(config);
  const githubCredentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return createTemplateAction({
    id: 'ai-platform:template:upgrade',
    description:
      "Upgrades a project to its template's current version: re-renders the skeleton with the recorded values, three-way-merges it with the project and commits it on a branch template-upgrade/<version>, with conflicts marked and listed: in the project's local git repository, or pushed with a pull request (GitHub) or merge request (GitLab) where its source location is on a configured host.",
    examples: upgradeTemplateExamples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The project to upgrade, e.g. component:default/support-bot',
            ),
      },
      output: {
        branch: z => z.string().describe('The branch holding the upgrade'),
        commitHash: z => z.string().describe('The upgrade commit'),
        fromVersion: z => z.string().describe('The version the project was on'),
        toVersion: z => z.string().describe("The template's current version"),
        changedFiles: z =>
          z.array(z.string()).describe('Files the upgrade changes'),
        conflicts: z =>
          z
            .array(z.object({ path: z.string(), reason: z.string() }))
            .describe(
              'Files committed with conflict markers or left as they were',
            ),
        repoPath: z =>
          z
            .string()
            .describe(
              "The project's repository: its folder, or its URL on GitHub or GitLab",
            ),
        pullRequestUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The pull request (GitHub) or merge request (GitLab); absent for a local repository',
            ),
      },
    },
    async handler(ctx) {
      const ref = parseProjectEntityRef(ctx.input.entityRef);
      const entityRef = `${ref.kind}:${ref.namespace}/${ref.name}`;
      const credentials = await ctx.getInitiatorCredentials();
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) {
        throw new NotFoundError(
          `entityRef: ${entityRef} is not in the catalog`,
        );
      }
      await assertMayUpgrade({ entity, entityRef, credentials, organisation });
      const repository = await openProjectRepository({
        entity,
        entityRef,
        config,
        integrations,
        githubCredentials,
        createTemporaryDirectory: () => ctx.createTemporaryDirectory(),
      });
      const { dir, head: headOid } = repository;
      const { commit: head } = await git.readCommit({ fs, dir, oid: headOid });
      const headTree = await readTreeFiles(dir, head.tree);
      const recordEntry = headTree.get(TEMPLATE_RECORD_PATH);
      if (!recordEntry) {
        throw new InputError(
          `entityRef: ${entityRef}'s repository has no ${TEMPLATE_RECORD_PATH}; it was not made by a template that records its version`,
        );
      }
      const recordBytes = await readBlobBytes(dir, recordEntry.oid);
      if (recordBytes.length > MAX_RECORD_BYTES) {
        throw new InputError(
          `${TEMPLATE_RECORD_PATH} is larger than ${MAX_RECORD_BYTES} bytes`,
        );
      }
      const record = parseTemplateRecord(recordBytes.toString('utf8'));

      const template = (await catalog.getEntityByRef(record.templateRef, {
        credentials,
      })) as TemplateEntityV1beta3 | undefined;
      if (!template) {
        throw new NotFoundError(
          `${record.templateRef}, which ${entityRef} was made from, is not in the catalog`,
        );
      }
      const toVersion = checkTemplateVersion(
        record.templateRef,
        template.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION],
      );
      if (toVersion === record.version) {
        throw new ConflictError(
          `${entityRef} is already on ${record.templateRef} version ${toVersion}`,
        );
      }
      const branch = upgradeBranch(toVersion);
      if (await repository.hasBranch(branch)) {
        throw new ConflictError(
          `${entityRef} already has a branch ${branch}; review or delete it first`,
        );
      }
      await repository.fetchRendering(renderingRef(record.version));

      // The new rendering, recorded exactly as a new project's would be.
      const renderDir = await ctx.createTemporaryDirectory();
      await renderSkeleton({
        fetchTemplate,
        ctx,
        template,
        templateRef: record.templateRef,
        stepId: record.skeletonStep,
        values: record.values,
        dir: renderDir,
      });
      await stampRendering(renderDir, {
        templateRef: record.templateRef,
        version: toVersion,
        skeletonStep: record.skeletonStep,
        values: record.values,
      });
      const theirs = await readDirectoryFiles(renderDir);

      const base = new Map<string, Buffer>();
      for (const [path, oid] of Object.entries(record.rendering)) {
        try {
          base.set(path, await readBlobBytes(dir, oid));
        } catch {
          throw new InputError(
            `${TEMPLATE_RECORD_PATH}: rendering.${path}: blob ${oid} is not in ${entityRef}'s repository`,
          );
        }
      }
      // Only files a rendering has are merged; the project's own files (and
      // submodules) are carried over by id without reading them.
      const ours = new Map<string, ProjectFile>();
      const untouched = new Map<string, TreeFile>();
      for (const [path, file] of headTree) {
        if (path === TEMPLATE_RECORD_PATH) continue;
        if (file.mode === '160000' || (!base.has(path) && !theirs.has(path))) {
          untouched.set(path, file);
        } else {
          ours.set(path, {
            content: await readBlobBytes(dir, file.oid),
            mode: file.mode,
          });
        }
      }
      const merged = mergeRenderings({
        base,
        ours,
        theirs,
        labels: {
          ours: entityRef,
          base: `${record.templateRef}@${record.version}`,
          theirs: `${record.templateRef}@${toVersion}`,
        },
      });
      const changedFiles = [...merged.changed, TEMPLATE_RECORD_PATH].sort();
      const words = describeUpgrade({
        entityRef,
        templateRef: record.templateRef,
        fromVersion: record.version,
        toVersion,
        changedFiles,
        conflicts: merged.conflicts,
      });
      const output = (commitHash: string, pullRequestUrl?: string) => {
        ctx.output('branch', branch);
        ctx.output('commitHash', commitHash);
        ctx.output('fromVersion', record.version);
        ctx.output('toVersion', toVersion);
        ctx.output('changedFiles', changedFiles);
        ctx.output('conflicts', merged.conflicts);
        ctx.output('repoPath', repository.location);
        if (pullRequestUrl) ctx.output('pullRequestUrl', pullRequestUrl);
      };
      if (ctx.isDryRun) {
        output('dry-run');
        return;
      }

      const result = new Map<string, TreeFile | ProjectFile>(untouched);
      for (const [path, file] of merged.files) {
        if (file) result.set(path, file);
      }
      result.set(TEMPLATE_RECORD_PATH, {
        content: await fs.promises.readFile(
          `${renderDir}/${TEMPLATE_RECORD_PATH}`,
        ),
        mode: '100644',
      });
      const author = {
        name:
          (ctx.user?.entity?.spec?.profile as { displayName?: string })
            ?.displayName ??
          ctx.user?.ref ??
          'Scaffolder',
        email:
          (ctx.user?.entity?.spec?.profile as { email?: string })?.email ??
          'scaffolder@backstage.local',
      };
      // The pure rendering as its own commit under a ref: its blobs are the
      // next upgrade's base and must outlive garbage collection.
      const renderingTree = await writeTreeFiles(dir, theirs);
      const renderingCommit = await git.commit({
        fs,
        dir,
        message: `Rendering of ${record.templateRef} version ${toVersion}`,
        author,
        tree: renderingTree,
        parent: [],
        noUpdateBranch: true,
      });
      const commitHash = await git.commit({
        fs,
        dir,
        message: words.commitMessage,
        author,
        tree: await writeTreeFiles(dir, result),
        parent: [headOid],
        noUpdateBranch: true,
      });
      const { pullRequestUrl } = await repository.publish({
        branch,
        commit: commitHash,
        renderingRef: renderingRef(toVersion),
        renderingCommit,
        title: words.title,
        body: words.body,
      });
      ctx.logger.info(
        `Upgraded ${entityRef} from ${
          record.version
        } to ${toVersion} on ${branch} of ${repository.location}: ${
          changedFiles.length
        } files changed, ${merged.conflicts.length} conflicts${
          pullRequestUrl ? `; review it at ${pullRequestUrl}` : ''
        }`,
        {
          entityRef,
          branch,
          commitHash,
          pullRequestUrl,
          conflicts: merged.conflicts.map(c => c.path),
        },
      );
      output(commitHash, pullRequestUrl);
    },
  });
}
