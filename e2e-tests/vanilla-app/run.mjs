#!/usr/bin/env node
// Installs the suite into a fresh Backstage app exactly as the package READMEs
// say, starts it against the simulated fleet and Prometheus, and runs the
// Chromium specs of this folder. See README.md.
//
//   node e2e-tests/vanilla-app/run.mjs [--tarballs <dir>] [--skip-build]
//        [--apps default,legacy] [--work-dir <dir>] [--keep] [--reuse]
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  addLegacyFrontend,
  convertToNpm,
  pinUnseededDependencies,
  runCreateApp,
  seedLockfile,
} from './lib/createApp.mjs';
import {
  applyReadmeEdits,
  installPackages,
  planReadmeSteps,
} from './lib/installFromReadmes.mjs';
import { run, stopAllServers } from './lib/proc.mjs';
import {
  BACKEND_URL,
  PROMETHEUS_URL,
  startBackend,
  startFleet,
  startPrometheus,
} from './lib/services.mjs';
import { packTarballs, readManifest } from './lib/tarballs.mjs';
import { addCatalogData, writeBilling } from './lib/testData.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
const OUTPUT = join(HERE, 'output');
const LOGS = join(OUTPUT, 'logs');

const { values: args } = parseArgs({
  options: {
    tarballs: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    apps: { type: 'string', default: 'default,legacy' },
    'work-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(
    readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 7)
      .join('\n'),
  );
  process.exit(0);
}
const apps = new Set(args.apps.split(','));
for (const a of apps) {
  if (!['default', 'legacy'].includes(a)) {
    console.error(`--apps takes default and/or legacy, not ${a}`);
    process.exit(2);
  }
}
if (args.reuse && !args['work-dir']) {
  console.error('--reuse needs --work-dir of an earlier run');
  process.exit(2);
}
const withLegacy = apps.has('legacy');

const timings = [];
async function step(name, fn) {
  const started = Date.now();
  console.log(`\n[vanilla-app] ${name}`);
  try {
    return await fn();
  } finally {
    const seconds = Math.round((Date.now() - started) / 1000);
    timings.push({ step: name, seconds });
    console.log(`[vanilla-app] ${name}: ${seconds} s`);
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (interrupted) return;
    interrupted = true;
    await stopAllServers();
    process.exit(130);
  });
}

async function prepareApp(work, manifest) {
  const appDir = join(work, 'app');
  const marker = join(appDir, '.vanilla-installed');
  if (args.reuse && existsSync(marker)) {
    console.log(`[vanilla-app] reusing the installed app in ${appDir}`);
    return { appDir, ...JSON.parse(readFileSync(marker, 'utf8')) };
  }
  const created = await step(
    'create-app (default-app and legacy-app templates)',
    async () => {
      rmSync(appDir, { recursive: true, force: true });
      const info = await runCreateApp({
        repoRoot: REPO_ROOT,
        dir: appDir,
        name: 'vanilla',
        logFile: join(LOGS, 'create-app.log'),
      });
      if (withLegacy) {
        const legacyDir = join(work, 'legacy-template');
        rmSync(legacyDir, { recursive: true, force: true });
        await runCreateApp({
          repoRoot: REPO_ROOT,
          dir: legacyDir,
          legacy: true,
          name: 'vanilla-legacy',
          logFile: join(LOGS, 'create-app.log'),
        });
        addLegacyFrontend({ dir: appDir, legacyDir });
      }
      convertToNpm({ dir: appDir, repoRoot: REPO_ROOT });
      return info;
    },
  );
  const plan = planReadmeSteps(REPO_ROOT);
  const edits = await step('README code edits and configuration', async () => {
    addCatalogData(appDir);
    return applyReadmeEdits({ plan, appDir, withLegacy });
  });
  for (const e of edits.edits) console.log(`  ${e}`);
  const npmLog = join(LOGS, 'npm-install.log');
  rmSync(npmLog, { force: true });
  const npmArgs = [
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--loglevel=http',
  ];
  // What create-app itself runs after templating (`yarn install`), in npm,
  // with the template's packages the seed lacks at the release's versions.
  const seeded = seedLockfile({ dir: appDir, repoRoot: REPO_ROOT });
  const pins = pinUnseededDependencies({ dir: appDir, seeded });
  console.log(
    `[vanilla-app] package-lock.json seeded with the monorepo's ${
      seeded.size
    } packages; pinned to the release: ${pins.pinned.join(', ')}`,
  );
  try {
    await step('npm install (the app as create-app made it)', () =>
      run('npm', ['install', ...npmArgs], { cwd: appDir, logFile: npmLog }),
    );
  } finally {
    pins.restore();
  }
  const installs = await step("npm install of the READMEs' packages", () =>
    installPackages({
      plan,
      appDir,
      manifest,
      withLegacy,
      logFile: npmLog,
      npmArgs,
    }),
  );
  checkSuiteFromTarballs(appDir, manifest);
  writeAppDiff(work, appDir);
  const info = {
    createApp: created.version,
    pinned: pins.pinned,
    installs,
    edits: edits.edits,
    suiteConfig: edits.configFile,
  };
  writeFileSync(marker, JSON.stringify(info, null, 2));
  return { appDir, ...info };
}

/**
 * Every @ai-platform package in the app must be one of the tarballs: npm asks
 * the registry about them first (they are not published, so it answers 404),
 * and a package of the same name published by someone else must never win.
 */
function checkSuiteFromTarballs(appDir, manifest) {
  const lock = JSON.parse(
    readFileSync(join(appDir, 'package-lock.json'), 'utf8'),
  );
  const wrong = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = /node_modules\/(@ai-platform\/[^/]+)$/.exec(path)?.[1];
    if (!name) continue;
    const packed = manifest.get(name);
    if (
      !packed ||
      !entry.resolved?.startsWith('file:') ||
      !entry.resolved.endsWith(packed.file)
    ) {
      wrong.push(`${path}: ${entry.version} from ${entry.resolved}`);
    }
  }
  if (wrong.length) {
    throw new Error(
      `suite packages not installed from the tarballs:\n${wrong.join('\n')}`,
    );
  }
}

/**
 * What the test changed in the generated app, for the artefacts: create-app
 * commits the template, and the legacy frontend is compared with its template.
 */
function writeAppDiff(work, appDir) {
  const git = (gitArgs, cwd) =>
    spawnSync('git', gitArgs, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  const parts = [];
  const status = git(['status', '--short'], appDir);
  if (status.status !== 0) {
    parts.push(`(no git repository in the app: ${status.stderr.trim()})`);
  } else {
    parts.push(`# git status --short\n${status.stdout}`);
    parts.push(git(['diff', '--', '.', ':!package-lock.json'], appDir).stdout);
  }
  const legacyTemplate = join(work, 'legacy-template/packages/app');
  if (existsSync(legacyTemplate)) {
    parts.push(
      git(
        [
          'diff',
          '--no-index',
          '--',
          legacyTemplate,
          join(appDir, 'packages/app-legacy'),
        ],
        work,
      ).stdout,
    );
  }
  parts.push(
    `# app-config.suite.yaml\n${readFileSync(
      join(appDir, 'app-config.suite.yaml'),
      'utf8',
    )}`,
  );
  writeFileSync(join(OUTPUT, 'app.diff'), parts.join('\n'));
}

async function buildFrontend(appDir, workspace, configs) {
  if (args.reuse && existsSync(join(appDir, workspace, 'dist/index.html'))) {
    console.log(`[vanilla-app] reusing the built ${workspace}`);
    return;
  }
  await step(`production build of ${workspace}`, () =>
    run(
      join(appDir, 'node_modules/.bin/backstage-cli'),
      ['package', 'build', ...configs.flatMap(c => ['--config', c])],
      {
        cwd: join(appDir, workspace),
        logFile: join(LOGS, `build-${workspace.split('/')[1]}.log`),
      },
    ),
  );
}

/** Runs one Playwright project; returns its passed and failed counts. */
async function runSpecs(project) {
  const logFile = join(LOGS, `playwright-${project}.log`);
  rmSync(logFile, { force: true });
  let ok = true;
  try {
    await step(`Chromium specs: ${project}`, () =>
      run(
        join(REPO_ROOT, 'node_modules/.bin/playwright'),
        [
          'test',
          '--config',
          join(HERE, 'playwright.config.ts'),
          '--project',
          project,
        ],
        {
          cwd: REPO_ROOT,
          logFile,
          env: { VANILLA_BASE_URL: BACKEND_URL, VANILLA_PROJECT: project },
        },
      ),
    );
  } catch (error) {
    console.error(error.message);
    ok = false;
  }
  const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  const count = word =>
    Number(new RegExp(`(\\d+) ${word}`).exec(text)?.[1] ?? 0);
  const passed = count('passed');
  // A run that failed without a count (it did not start) counts as one failure.
  const failed = count('failed') + count('flaky') || (ok ? 0 : 1);
  return { passed, failed };
}

async function main() {
  mkdirSync(LOGS, { recursive: true });
  const started = Date.now();
  const work = args['work-dir']
    ? resolve(args['work-dir'])
    : mkdtempSync(join(tmpdir(), 'vanilla-'));
  mkdirSync(work, { recursive: true });
  if (work.startsWith(`${REPO_ROOT}/`)) {
    throw new Error('--work-dir must be outside the repository');
  }
  console.log(`[vanilla-app] working in ${work}; logs in ${LOGS}`);

  const tarballDir = args.tarballs
    ? resolve(args.tarballs)
    : join(work, 'tarballs');
  const manifest = args.tarballs
    ? readManifest(tarballDir)
    : await step('pack the plugins (scripts/packaging/pack-plugins.mjs)', () =>
        packTarballs({
          repoRoot: REPO_ROOT,
          outDir: tarballDir,
          skipBuild: args['skip-build'],
          logFile: join(LOGS, 'pack.log'),
        }),
      );

  const app = await prepareApp(work, manifest);
  const { appDir } = app;
  const billingDir = join(work, 'billing');
  const rows = await writeBilling({ repoRoot: REPO_ROOT, dir: billingDir });
  console.log(
    `[vanilla-app] ${rows} FOCUS rows for example-website in ${billingDir}`,
  );

  const fleet = await step('simulated fleet and Prometheus', async () => {
    const stateDir = join(work, 'cluster-sim');
    const promData = join(work, 'prometheus/tsdb');
    rmSync(join(work, 'prometheus'), { recursive: true, force: true });
    const sim = await startFleet({
      repoRoot: REPO_ROOT,
      stateDir,
      prometheusData: promData,
      hours: 6,
      logDir: LOGS,
    });
    await startPrometheus({
      dataDir: promData,
      targetsUrl: sim.metricsTargetsUrl,
      logDir: LOGS,
    });
    return sim;
  });

  const site = join(HERE, 'app-config.vanilla.yaml');
  const shared = [app.suiteConfig, fleet.appConfig, site];
  const env = { PROMETHEUS_URL, VANILLA_BILLING_DIR: billingDir };
  const results = {};

  if (apps.has('default')) {
    const configs = [join(appDir, 'app-config.yaml'), ...shared];
    await buildFrontend(appDir, 'packages/app', configs);
    const backend = await step('start the backend (default-app)', () =>
      startBackend({
        appDir,
        configs,
        env,
        logDir: LOGS,
        name: 'backend-default-app',
      }),
    );
    results['default-app'] = await runSpecs('default-app');
    await backend.stop();
  }
  if (withLegacy) {
    const legacyRun = join(work, 'app-config.legacy-run.yaml');
    writeFileSync(legacyRun, 'app:\n  packageName: app-legacy\n');
    const configs = [
      join(appDir, 'app-config.legacy.yaml'),
      ...shared,
      legacyRun,
    ];
    await buildFrontend(appDir, 'packages/app-legacy', configs);
    const backend = await step('start the backend (legacy-app)', () =>
      startBackend({
        appDir,
        configs,
        env,
        logDir: LOGS,
        name: 'backend-legacy-app',
      }),
    );
    results['legacy-app'] = await runSpecs('legacy-app');
    await backend.stop();
  }

  await stopAllServers();
  const total = Math.round((Date.now() - started) / 1000);
  const summary = {
    createApp: app.createApp,
    work,
    installs: app.installs,
    edits: app.edits,
    results,
    timings,
    totalSeconds: total,
  };
  writeFileSync(
    join(OUTPUT, 'summary.json'),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
  console.log('\n[vanilla-app] timings');
  for (const t of timings)
    console.log(`  ${String(t.seconds).padStart(5)} s  ${t.step}`);
  console.log(`  ${String(total).padStart(5)} s  total`);
  const passed = Object.values(results).reduce((n, r) => n + r.passed, 0);
  const failed = Object.values(results).reduce((n, r) => n + r.failed, 0);
  if (failed === 0 && !args.keep && !args['work-dir']) {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) {
    process.exitCode = 1;
    console.error(`[vanilla-app] see ${LOGS} and ${join(OUTPUT, 'report')}`);
  }
}

main().catch(async error => {
  console.error(`\n[vanilla-app] ${error.message}`);
  await stopAllServers();
  process.exitCode = 1;
});
