import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { openHostedProjectRepository } from './hostedProjectRepository';
import {
  hostedLocationAnnotation,
  parseHostedProjectLocation,
} from './hostedProjectLocation';
import { openLocalProjectRepository } from './localProjectRepository';

/** The upgrade, ready for review: what `publish` makes reachable. */
export type UpgradeChange = {
  /** `template-upgrade/<version>` */
  branch: string;
  /** The merge commit, child of the repository's head. */
  commit: string;
  /** `refs/ai-platform/renderings/<version>` and its commit, the next base. */
  renderingRef: string;
  renderingCommit: string;
  /** The pull or merge request's title and body, where one is opened. */
  title: string;
  body: string;
};

/**
 * Where an upgrade reads a project and leaves its change for review. The
 * upgrade reads and writes git objects in `dir`; only `publish` makes them
 * visible (a branch locally; a pushed branch and a pull or merge request on
 * a host).
 */
export interface ProjectRepository {
  /** A working directory whose `.git` holds the project's objects. */
  dir: string;
  /** The commit of the project's default branch the upgrade starts from. */
  head: string;
  /** Where the project is, for people: a folder or the repository's URL. */
  location: string;
  /** Makes a version's kept rendering's blobs readable in `dir` when it has one. */
  fetchRendering(renderingRef: string): Promise<void>;
  hasBranch(branch: string): Promise<boolean>;
  /** Refuses (409) a branch that appeared meanwhile; never forces it. */
  publish(change: UpgradeChange): Promise<{ pullRequestUrl?: string }>;
}

/**
 * The project's repository: the embedded default's local one when the
 * entity was read from a local file, else the GitHub or GitLab repository
 * its source location (or managed-by location) names.
 */
export async function openProjectRepository(options: {
  entity: Entity;
  entityRef: string;
  config: Config;
  integrations: ScmIntegrationRegistry;
  githubCredentials: DefaultGithubCredentialsProvider;
  createTemporaryDirectory: () => Promise<string>;
}): Promise<ProjectRepository> {
  const { entity, entityRef, config, integrations } = options;
  const hosted = hostedLocationAnnotation(entity);
  const managedBy = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
  if (!hosted || managedBy.startsWith('file:')) {
    return openLocalProjectRepository(entity, entityRef, config);
  }
  const location = parseHostedProjectLocation({
    entityRef,
    ...hosted,
    integrations,
  });
  return openHostedProjectRepository({
    location,
    entityRef,
    githubCredentials: options.githubCredentials,
    dir: await options.createTemporaryDirectory(),
  });
}
