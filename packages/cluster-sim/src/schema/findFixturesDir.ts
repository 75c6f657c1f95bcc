import fs from 'node:fs';
import path from 'node:path';

/** Environment variable that points at the shared fixtures directory. */
export const FIXTURES_DIR_ENV = 'AI_PLATFORM_FIXTURES_DIR';

/**
 * Finds the shared reference-data directory (`kubernetes/openapi-v3`,
 * `kueue/crds`, ...): `$AI_PLATFORM_FIXTURES_DIR` if set, otherwise
 * `<repo root>/../shared/fixtures`, where the repo root is the nearest
 * ancestor of this file holding `backstage.json`.
 *
 * @returns the directory, or undefined when it does not exist
 */
export function findFixturesDir(): string | undefined {
  const fromEnv = process.env[FIXTURES_DIR_ENV];
  if (fromEnv) {
    return isDirectory(fromEnv) ? path.resolve(fromEnv) : undefined;
  }
  // cluster-sim runs from source (package main is src/index.ts) and the
  // fixtures sit beside the checkout, not in any build output, so the source
  // location is the right anchor. Deployments set the environment variable.
  // eslint-disable-next-line no-restricted-syntax
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'backstage.json'))) {
      const candidate = path.resolve(dir, '..', 'shared', 'fixtures');
      return isDirectory(candidate) ? candidate : undefined;
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
