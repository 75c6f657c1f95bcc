#!/usr/bin/env node
/*
 * Makes packages/backend/dist/skeleton.tar.gz and bundle.tar.gz, the host-build
 * artefacts docker/Dockerfile copies.
 *
 * `backstage-cli package build` does this for a backend package but copies
 * yarn.lock into the bundle, so in this npm workspace it stops with
 * "ENOENT ... yarn.lock" (Backstage's packaging knows only Yarn). This runs
 * the same steps through the same Backstage CLI functions, with the npm files
 * (package.json, package-lock.json, .npmrc) in their place:
 *   1. the backend's own CommonJS build,
 *   2. a dist workspace of the backend and every workspace package it
 *      depends on, each packed as it would be published (publishConfig,
 *      `files`, compiled config schema),
 *   3. skeleton.tar.gz (their package.json files) and bundle.tar.gz (all of it).
 *
 * Those packages must be built first (`npm run build:all` does it all), or
 * pass --build-dependencies: the app is built, and each local package by the
 * CLI as its backend build does (without type declarations). Otherwise a
 * package without its dist/ is named and the script fails rather than bundle
 * it empty. The bundle's time is when the build started, so a source edited
 * during the build is newer than it (scripts/lib/production.sh rebuilds).
 *
 *   node packages/deploy/scripts/build-backend-bundle.cjs [--build-dependencies]
 *
 * The functions come from @backstage/cli-module-build's dist/lib, which the
 * Backstage CLI uses but does not publish as API: a CLI upgrade may move them,
 * and this script then fails naming the missing one.
 */
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const BACKEND_DIR = path.join(ROOT, 'packages', 'backend');
const NPM_FILES = ['package.json', 'package-lock.json', '.npmrc'];
const SKELETON = 'skeleton.tar.gz';
const BUNDLE = 'bundle.tar.gz';

const CLI_MODULE_BUILD = path.dirname(
  require.resolve('@backstage/cli-module-build/package.json', {
    paths: [ROOT],
  }),
);

/** A module of the Backstage CLI's build module, or a failure naming it. */
function cliModule(request) {
  try {
    return require(require.resolve(request, { paths: [CLI_MODULE_BUILD] }));
  } catch (error) {
    throw new Error(
      `This Backstage CLI has no ${request} (${error.message}); update packages/deploy/scripts/build-backend-bundle.cjs`,
    );
  }
}

/** Workspace packages in the bundle whose build output is missing. */
function unbuilt(targets, backendName) {
  return targets
    .filter(t => t.packageJson.name !== backendName)
    .filter(t => (t.packageJson.files ?? []).includes('dist'))
    .filter(t => !fs.existsSync(path.join(t.dir, 'dist')))
    .map(t => path.relative(ROOT, t.dir));
}

/** The Backstage CLI functions this script runs, as Backstage's backend build does. */
function loadCliFunctions() {
  const { PackageGraph } = cliModule('@backstage/cli-node');
  const tar = cliModule('tar');
  const { buildPackage } = cliModule('./dist/lib/builder/packager.cjs.js');
  const { Output } = cliModule('./dist/lib/builder/types.cjs.js');
  const { createDistWorkspace, resolveLocalDependencies } = cliModule(
    './dist/lib/packager/createDistWorkspace.cjs.js',
  );
  return {
    PackageGraph,
    tar,
    buildPackage,
    Output,
    createDistWorkspace,
    resolveLocalDependencies,
  };
}

/** Builds the app the backend serves, with the repository's Backstage CLI. */
function buildApp() {
  const cli = require.resolve('@backstage/cli/bin/backstage-cli', {
    paths: [ROOT],
  });
  const result = childProcess.spawnSync(
    process.execPath,
    [cli, 'package', 'build'],
    { cwd: path.join(ROOT, 'packages', 'app'), stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('Building packages/app failed');
}

async function main(args) {
  for (const arg of args) {
    if (arg !== '--build-dependencies') {
      throw new Error(
        `Unknown option ${arg}; the only one is --build-dependencies`,
      );
    }
  }
  const buildDependencies = args.includes('--build-dependencies');
  const started = new Date();
  process.chdir(ROOT);
  for (const file of NPM_FILES) {
    if (!fs.existsSync(path.join(ROOT, file))) {
      throw new Error(`${file} is missing at the repository root`);
    }
  }
  const {
    PackageGraph,
    tar,
    buildPackage,
    Output,
    createDistWorkspace,
    resolveLocalDependencies,
  } = loadCliFunctions();

  const packageJson = JSON.parse(
    fs.readFileSync(path.join(BACKEND_DIR, 'package.json'), 'utf8'),
  );
  const packages = await PackageGraph.listTargetPackages();
  if (buildDependencies) buildApp();
  const missing = buildDependencies
    ? []
    : unbuilt(
        await resolveLocalDependencies([packageJson.name], packages),
        packageJson.name,
      );
  if (missing.length > 0) {
    throw new Error(
      `Not built: ${missing.join(
        ', ',
      )}. Run npm run tsc, npx backstage-cli repo build and npm run build -w app first.`,
    );
  }

  console.log('Building packages/backend');
  await buildPackage({
    targetDir: BACKEND_DIR,
    packageJson,
    outputs: new Set([Output.cjs]),
    minify: false,
    workspacePackages: packages,
  });

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'backend-bundle-'));
  try {
    await createDistWorkspace([packageJson.name], {
      targetDir: workspace,
      buildDependencies,
      buildExcludes: [packageJson.name, 'app'],
      files: NPM_FILES,
      skeleton: SKELETON,
    });
    const dist = path.join(BACKEND_DIR, 'dist');
    fs.rmSync(dist, { recursive: true, force: true });
    fs.mkdirSync(dist);
    // Out of the workspace before it is packed, as Backstage's build does.
    fs.copyFileSync(path.join(workspace, SKELETON), path.join(dist, SKELETON));
    fs.rmSync(path.join(workspace, SKELETON));
    await tar.create(
      {
        file: path.join(dist, BUNDLE),
        cwd: workspace,
        portable: true,
        noMtime: true,
        gzip: true,
      },
      [''],
    );
    fs.utimesSync(path.join(dist, BUNDLE), started, started);
    console.log(
      `Wrote ${path.relative(ROOT, path.join(dist, SKELETON))} and ${BUNDLE}`,
    );
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

module.exports = { loadCliFunctions, NPM_FILES };

if (require.main === module) {
  main(process.argv.slice(2)).catch(error => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
