// Makes a fresh Backstage app with @backstage/create-app's own CLI and
// templates (the version installed at the repository root, i.e. the release
// in backstage.json), then turns it into the npm variant: the template is
// written for Yarn, and Yarn's lockfile cannot be resolved from this
// machine's registry.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './proc.mjs';

export function createAppPackageDir(repoRoot) {
  return join(repoRoot, 'node_modules/@backstage/create-app');
}

/**
 * Runs `backstage-create-app --path <dir> --skip-install [--legacy]`, the app
 * name from BACKSTAGE_APP_NAME (the CLI's own non-interactive answer).
 */
export async function runCreateApp({ repoRoot, dir, legacy, name, logFile }) {
  const pkgDir = createAppPackageDir(repoRoot);
  const template = legacy ? 'legacy-app' : 'default-app';
  // The CLI refuses to run without `yarn -v`; the Yarn release the template
  // itself ships (.yarn/releases) answers it, so nothing is downloaded.
  const shimDir = join(dirname(dir), '.yarn-shim');
  mkdirSync(shimDir, { recursive: true });
  const yarnRelease = join(
    pkgDir,
    'templates/default-app/.yarn/releases',
    'yarn-4.13.0.cjs',
  );
  if (!existsSync(yarnRelease)) {
    throw new Error(
      `${yarnRelease} is missing: @backstage/create-app changed its Yarn release; update createApp.mjs`,
    );
  }
  writeFileSync(
    join(shimDir, 'yarn'),
    `#!/bin/sh\nexec "${process.execPath}" "${yarnRelease}" "$@"\n`,
  );
  chmodSync(join(shimDir, 'yarn'), 0o755);
  await run(
    process.execPath,
    [
      join(pkgDir, 'bin/backstage-create-app'),
      '--path',
      dir,
      '--skip-install',
      ...(legacy ? ['--legacy'] : []),
    ],
    {
      cwd: dirname(dir),
      logFile,
      env: {
        PATH: `${dirname(process.execPath)}:${shimDir}:${process.env.PATH}`,
        BACKSTAGE_APP_NAME: name,
        // The CLI fetches a yarn.lock seed from the web (3 s timeout, optional).
        // Through a closed loopback port it fails at once and never leaves
        // the machine; npm does not use that file anyway.
        NODE_USE_ENV_PROXY: '1',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9',
        NO_PROXY: '',
      },
    },
  );
  for (const file of ['package.json', 'packages/app/package.json']) {
    if (!existsSync(join(dir, file))) {
      throw new Error(`create-app (${template}) did not write ${file}`);
    }
  }
  return { template, version: readJson(join(pkgDir, 'package.json')).version };
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The npm variant of a create-app app (what the e2e README documents):
 * - `resolutions` become npm `overrides`, with the monorepo's overrides: one
 *   React 18 across the tree, better-sqlite3 13 (its package ships prebuilt
 *   binaries; 12 downloads one or compiles) and @yarnpkg/core 4.9.1 (the
 *   @yarnpkg/cli the Backstage CLI brings asks for ^4.9.2, published after
 *   the release);
 * - the backend's `"app": "link:../app"` (a Yarn protocol) becomes
 *   `file:../app`, which npm links to the workspace;
 * - Yarn-only files go, `legacy-peer-deps` goes into .npmrc (Material UI v4's
 *   peers), and the root scripts call npm.
 */
export function convertToNpm({ dir, repoRoot }) {
  const rootPkgPath = join(dir, 'package.json');
  const rootPkg = readJson(rootPkgPath);
  const monorepo = readJson(join(repoRoot, 'package.json'));
  rootPkg.overrides = { ...rootPkg.resolutions, ...monorepo.overrides };
  delete rootPkg.resolutions;
  delete rootPkg.packageManager;
  for (const [name, script] of Object.entries(rootPkg.scripts ?? {})) {
    rootPkg.scripts[name] = script.replace(
      /^yarn workspace (\S+) (\S+)$/,
      'npm run $2 --workspace $1',
    );
  }
  writeJson(rootPkgPath, rootPkg);

  const backendPkgPath = join(dir, 'packages/backend/package.json');
  const backendPkg = readJson(backendPkgPath);
  if (backendPkg.dependencies?.app !== 'link:../app') {
    throw new Error(
      `packages/backend depends on app as ${backendPkg.dependencies?.app}, not link:../app: check the npm conversion`,
    );
  }
  backendPkg.dependencies.app = 'file:../app';
  writeJson(backendPkgPath, backendPkg);

  for (const yarnFile of ['yarn.lock', '.yarnrc.yml', '.yarn']) {
    rmSync(join(dir, yarnFile), { recursive: true, force: true });
  }
  writeFileSync(join(dir, '.npmrc'), 'legacy-peer-deps=true\n');
}

/**
 * Seeds the app's package-lock.json with the versions of the monorepo's
 * lockfile, i.e. the release in backstage.json, as create-app seeds yarn.lock
 * for Yarn. Without it npm resolves every range afresh: packages published
 * for later releases come in (plugin-signals-backend 0.3.21 needs an
 * HttpRouterService that backend-defaults ^0.18 lacks, so the template's own
 * backend does not start), and on a machine without npm's metadata cache
 * that resolution alone takes over ten minutes. Only the registry packages
 * are taken (not the monorepo's workspaces); npm resolves what the seed lacks
 * and drops what the app does not use. Returns the names seeded.
 */
export function seedLockfile({ dir, repoRoot }) {
  const lock = readJson(join(repoRoot, 'package-lock.json'));
  const rootPkg = readJson(join(dir, 'package.json'));
  const packages = {
    '': {
      name: rootPkg.name,
      version: rootPkg.version,
      workspaces: rootPkg.workspaces,
      devDependencies: rootPkg.devDependencies,
    },
  };
  const seeded = new Set();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.link) continue;
    if (/(^|\/)node_modules\/@ai-platform\//.test(path)) continue;
    packages[path] = entry;
    if (path.lastIndexOf('node_modules/') === 0) {
      seeded.add(path.slice('node_modules/'.length));
    }
  }
  writeJson(join(dir, 'package-lock.json'), {
    name: rootPkg.name,
    version: rootPkg.version,
    lockfileVersion: lock.lockfileVersion,
    requires: true,
    packages,
  });
  return seeded;
}

const APP_PACKAGES = [
  'package.json',
  'packages/app/package.json',
  'packages/app-legacy/package.json',
  'packages/backend/package.json',
];

/**
 * The template's dependencies the seed lacks (plugin-home, ...), pinned to
 * the version its range starts from, which is the release's (create-app
 * writes `^<release version>`): left to their ranges they take later
 * releases, which bring a second @backstage/core-plugin-api and
 * frontend-plugin-api, and the app fails with "App context is not
 * available". Pinned for the first install only: `restore()` puts the
 * template's ranges back, which the locked versions satisfy.
 */
export function pinUnseededDependencies({ dir, seeded }) {
  const originals = new Map();
  const pinned = [];
  for (const file of APP_PACKAGES) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    const pkg = JSON.parse(text);
    let changed = false;
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        const release = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
        if (seeded.has(name) || !release) continue;
        pkg[field][name] = release;
        pinned.push(`${name}@${release} (${file})`);
        changed = true;
      }
    }
    if (changed) {
      originals.set(path, text);
      writeJson(path, pkg);
    }
  }
  return {
    pinned,
    restore() {
      for (const [path, text] of originals) writeFileSync(path, text);
    },
  };
}

/**
 * Puts the frontend of a legacy-app (create-app --legacy) into the default
 * app's workspace as packages/app-legacy, with the legacy template's own
 * app-config.yaml beside it. The two templates' backends are the same files,
 * which is checked here: one npm install and one backend then serve both
 * frontends (app.packageName picks one).
 */
export function addLegacyFrontend({ dir, legacyDir }) {
  for (const file of [
    'packages/backend/src/index.ts',
    'packages/backend/package.json',
  ]) {
    const a = readFileSync(join(dir, file), 'utf8');
    const b = readFileSync(join(legacyDir, file), 'utf8');
    if (a !== b) {
      throw new Error(
        `${file} differs between create-app's default-app and legacy-app templates: the legacy app needs its own install`,
      );
    }
  }
  const target = join(dir, 'packages/app-legacy');
  cpSync(join(legacyDir, 'packages/app'), target, { recursive: true });
  const pkgPath = join(target, 'package.json');
  const pkg = readJson(pkgPath);
  pkg.name = 'app-legacy';
  writeJson(pkgPath, pkg);
  renameSync(
    join(legacyDir, 'app-config.yaml'),
    join(dir, 'app-config.legacy.yaml'),
  );
}
