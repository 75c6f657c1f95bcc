import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
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
import {
  localProjectRepository,
  parseProjectEntityRef,
} from './localProjectRepository';
import { mergeRenderings } from './mergeRenderings';
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
 * the base) and commits the result on a new branch `template-upgrade/<version>`
 * of the project's local git repository, leaving its default branch and
 * working tree alone. Conflicts are committed with markers and listed.
 *
 * @public
 */
export function createUpgradeTemplateAction(options: {
  config: Config;
  catalog: CatalogService;
  /** Who may upgrade a project: its owners, by the suite's membership rule. */
  organisation: ProjectOwnership;
  fetchTemplate: TemplateAction<any, any, any>;
}) {
  const { config, catalog, organisation, fetchTemplate } = options;
  return createTemplateAction({
    id: 'ai-platform:template:upgrade',
    description:
      "Upgrades a project to its template's current version: re-renders the skeleton with the recorded values, three-way-merges it with the project and commits it on a branch template-upgrade/<version> of the project's local git repository, with conflicts marked and listed.",
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
        repoPath: z => z.string().describe("The project's repository"),
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
      const dir = localProjectRepository(entity, entityRef, config);

      const headOid = await git.resolveRef({ fs, dir, ref: 'HEAD' });
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
      const branchRef = `refs/heads/${branch}`;
      if ((await git.listBranches({ fs, dir })).includes(branch)) {
        throw new ConflictError(
          `${entityRef} already has a branch ${branch}; review or delete it first`,
        );
      }

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
      const output = (commitHash: string) => {
        ctx.output('branch', branch);
        ctx.output('commitHash', commitHash);
        ctx.output('fromVersion', record.version);
        ctx.output('toVersion', toVersion);
        ctx.output('changedFiles', changedFiles);
        ctx.output('conflicts', merged.conflicts);
        ctx.output('repoPath', dir);
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
      await git.writeRef({
        fs,
        dir,
        ref: renderingRef(toVersion),
        value: renderingCommit,
        force: true,
      });
      const conflictNote = merged.conflicts.length
        ? `\n\nConflicts to resolve:\n${merged.conflicts
            .map(c => `- ${c.path} (${c.reason})`)
            .join('\n')}`
        : '';
      const commitHash = await git.commit({
        fs,
        dir,
        message: `Upgrade to ${record.templateRef} version ${toVersion} (from ${record.version})${conflictNote}`,
        author,
        tree: await writeTreeFiles(dir, result),
        parent: [headOid],
        noUpdateBranch: true,
      });
      // No force: another upgrade that created the branch meanwhile wins.
      try {
        await git.writeRef({ fs, dir, ref: branchRef, value: commitHash });
      } catch {
        throw new ConflictError(
          `${entityRef} already has a branch ${branch}; review or delete it first`,
        );
      }
      ctx.logger.info(
        `Upgraded ${entityRef} from ${record.version} to ${toVersion} on ${branch}: ${changedFiles.length} files changed, ${merged.conflicts.length} conflicts`,
        {
          entityRef,
          branch,
          commitHash,
          conflicts: merged.conflicts.map(c => c.path),
        },
      );
      output(commitHash);
    },
  });
}
