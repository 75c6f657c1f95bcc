import { Config } from '@backstage/config';
import { resolve } from 'node:path';

/** Where `publish:local-git` keeps repositories when nothing is configured. */
export const DEFAULT_LOCAL_GIT_ROOT = '.data/git-repos';

/** Default seconds `catalog:register-local` waits for the entity. */
export const DEFAULT_REGISTER_TIMEOUT_SECONDS = 60;

/** A repository name that is safe as a folder and a catalog name. */
export const REPO_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The absolute folder of `aiPlatform.scaffolder.localGitRoot`, resolved
 * against the backend's working directory as the catalog resolves `file`
 * locations, so both see the same folder.
 */
export function localGitRoot(config: Config): string {
  return resolve(
    config.getOptionalString('aiPlatform.scaffolder.localGitRoot') ??
      DEFAULT_LOCAL_GIT_ROOT,
  );
}

/** Seconds `catalog:register-local` waits for the catalog to show an entity. */
export function registerTimeoutSeconds(config: Config): number {
  const value =
    config.getOptionalNumber('aiPlatform.scaffolder.registerTimeoutSeconds') ??
    DEFAULT_REGISTER_TIMEOUT_SECONDS;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `aiPlatform.scaffolder.registerTimeoutSeconds must be a positive number, got ${value}`,
    );
  }
  return value;
}
