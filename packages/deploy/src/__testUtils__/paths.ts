import fs from 'node:fs';
import path from 'node:path';

function findRepoRoot(): string {
  // The recipe is checked from source, beside the repository it deploys.
  // eslint-disable-next-line no-restricted-syntax
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'backstage.json'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error('No backstage.json above packages/deploy');
    }
  }
}

/** The repository the recipe deploys. */
export const REPO_ROOT = findRepoRoot();

/** This package. */
export const DEPLOY_DIR = path.join(REPO_ROOT, 'packages', 'deploy');

/** The Kubernetes manifests of the recipe. */
export const MANIFESTS_DIR = path.join(DEPLOY_DIR, 'kubernetes');

/** The config files the image's command reads, in order. */
export const PRODUCTION_CONFIG_FILES = [
  'app-config.yaml',
  'app-config.production.yaml',
];
