import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { localGitRoot, REPO_NAME_PATTERN } from '../localGit/localGitRoot';
import type { ProjectRepository } from './projectRepository';

const ENTITY_REF =
  /^([A-Za-z][A-Za-z0-9]{0,62}):(?:([a-z0-9][a-z0-9_.-]{0,62})\/)?([A-Za-z0-9][A-Za-z0-9_.-]{0,62})$/;

/** A project's entity ref, checked before it reaches the catalog; a 400 naming the field otherwise. */
export function parseProjectEntityRef(value: string): {
  kind: string;
  namespace: string;
  name: string;
} {
  const match = ENTITY_REF.exec(value);
  if (!match) {
    throw new InputError(
      'entityRef: must be an entity ref such as component:default/support-bot',
    );
  }
  return {
    kind: match[1].toLowerCase(),
    namespace: match[2] ?? 'default',
    name: match[3],
  };
}

/**
 * The local git repository a project's entity was read from: the catalog
 * reads the embedded default's repositories through the file location
 * `<localGitRoot>/<repo>/catalog-info.yaml`, so the entity's managed-by
 * location names the repository. Anything else (a GitHub or GitLab URL, a
 * file elsewhere) is refused with a 400 naming the field.
 */
export function localProjectRepository(
  entity: Entity,
  entityRef: string,
  config: Config,
): string {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
  const refuse = (why: string): never => {
    throw new InputError(
      `entityRef: ${entityRef} ${why}; only projects in the embedded default's local git repositories (aiPlatform.scaffolder.localGitRoot) or on a configured GitHub or GitLab host (a url: backstage.io/source-location) can be upgraded`,
    );
  };
  let type: string;
  let target: string;
  try {
    ({ type, target } = parseLocationRef(location));
  } catch {
    return refuse('has no catalog location');
  }
  if (type !== 'file') {
    return refuse(`is kept at ${type}:${target.slice(0, 200)}`);
  }
  const root = localGitRoot(config);
  const file = resolve(target);
  const repoName = basename(dirname(file));
  if (
    basename(file) !== 'catalog-info.yaml' ||
    dirname(dirname(file)) !== root ||
    !REPO_NAME_PATTERN.test(repoName)
  ) {
    return refuse(`is read from ${file.slice(0, 200)}, not from ${root}`);
  }
  const repoPath = resolveSafeChildPath(root, repoName);
  if (!fs.existsSync(resolveSafeChildPath(repoPath, '.git'))) {
    return refuse(`has no git repository at ${repoPath}`);
  }
  return repoPath;
}

/**
 * The embedded default: the upgrade works in the project's own repository
 * and leaves a branch there, without touching its default branch, index or
 * working tree.
 */
export async function openLocalProjectRepository(
  entity: Entity,
  entityRef: string,
  config: Config,
): Promise<ProjectRepository> {
  const dir = localProjectRepository(entity, entityRef, config);
  const hasBranch = async (branch: string) =>
    (await git.listBranches({ fs, dir })).includes(branch);
  return {
    dir,
    head: await git.resolveRef({ fs, dir, ref: 'HEAD' }),
    location: dir,
    // The rendering refs are already in the repository.
    fetchRendering: async () => {},
    hasBranch,
    async publish(change) {
      await git.writeRef({
        fs,
        dir,
        ref: change.renderingRef,
        value: change.renderingCommit,
        force: true,
      });
      // No force: another upgrade that created the branch meanwhile wins.
      try {
        await git.writeRef({
          fs,
          dir,
          ref: `refs/heads/${change.branch}`,
          value: change.commit,
        });
      } catch {
        throw new ConflictError(
          `${entityRef} already has a branch ${change.branch}; review or delete it first`,
        );
      }
      return {};
    },
  };
}
