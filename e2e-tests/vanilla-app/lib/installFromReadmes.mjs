// Follows the install steps the package READMEs mark, in a generated app:
// the npm installs (with the release's tarballs in place of the registry),
// the backend and legacy-frontend code edits, and the configuration.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { applyBackendStep, applyDiffStep } from './applyEdits.mjs';
import { parseNpmStep, readAllReadmeSteps } from './readmeSteps.mjs';
import { tarballsFor } from './tarballs.mjs';
import { run } from './proc.mjs';

const require = createRequire(import.meta.url);

/** Workspaces the READMEs may name, and where each lands in the test app. */
const WORKSPACES = {
  'packages/app': ['packages/app', 'packages/app-legacy'],
  'packages/backend': ['packages/backend'],
};

/** Merges YAML objects, refusing a key two READMEs both set. */
export function mergeConfigs(docs) {
  const merged = {};
  const into = (target, source, path, from) => {
    for (const [key, value] of Object.entries(source ?? {})) {
      const at = path ? `${path}.${key}` : key;
      if (
        value &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        target[key] &&
        typeof target[key] === 'object' &&
        !Array.isArray(target[key])
      ) {
        into(target[key], value, at, from);
      } else if (key in target) {
        throw new Error(`${from}: ${at} is also set by another README`);
      } else {
        target[key] = value;
      }
    }
  };
  for (const { source, value } of docs) into(merged, value, '', source);
  return merged;
}

/**
 * The plan: every marked step of every README, grouped by what the test does
 * with it. Nothing is changed yet.
 */
export function planReadmeSteps(repoRoot) {
  const steps = readAllReadmeSteps(repoRoot);
  const npm = new Map();
  for (const step of steps.filter(s => s.kind === 'npm')) {
    for (const install of parseNpmStep(step)) {
      if (!WORKSPACES[install.workspace]) {
        throw new Error(
          `${step.source}: installs into ${
            install.workspace
          }; the test knows ${Object.keys(WORKSPACES).join(' and ')}`,
        );
      }
      const list = npm.get(install.workspace) ?? [];
      list.push(
        ...install.packages.map(name => ({ name, source: step.source })),
      );
      npm.set(install.workspace, list);
    }
  }
  const YAML = require('yaml');
  return {
    npm,
    backend: steps.filter(s => s.kind === 'backend'),
    diff: steps.filter(s => s.kind === 'diff'),
    legacy: steps.filter(s => s.kind === 'legacy'),
    config: steps
      .filter(s => s.kind === 'config')
      .map(s => ({ source: s.source, value: YAML.parse(s.body) })),
  };
}

/** Runs the README's npm installs (backend first: it installs the whole workspace). */
export async function installPackages({
  plan,
  appDir,
  manifest,
  withLegacy,
  logFile,
  npmArgs,
}) {
  const installed = [];
  for (const workspace of ['packages/backend', 'packages/app']) {
    const packages = plan.npm.get(workspace) ?? [];
    if (packages.length === 0) continue;
    const names = packages.map(p => p.name);
    const tarballs = tarballsFor(manifest, names);
    const targets = WORKSPACES[workspace].filter(
      w => withLegacy || w !== 'packages/app-legacy',
    );
    const started = Date.now();
    await run(
      'npm',
      [
        'install',
        ...targets.flatMap(w => ['--workspace', w]),
        ...npmArgs,
        ...tarballs,
      ],
      { cwd: appDir, logFile },
    );
    installed.push({
      workspace,
      targets,
      packages: names,
      tarballs: tarballs.length,
      seconds: Math.round((Date.now() - started) / 1000),
    });
  }
  return installed;
}

/** Applies the code edits and writes the READMEs' configuration. */
export function applyReadmeEdits({ plan, appDir, withLegacy }) {
  const edits = [];
  for (const step of plan.backend) {
    applyBackendStep(appDir, step);
    edits.push(`${step.source} → packages/backend/src/index.ts`);
  }
  for (const step of plan.diff) {
    const files = applyDiffStep(appDir, step);
    edits.push(`${step.source} → ${files.join(', ')}`);
  }
  if (withLegacy) {
    const toLegacy = path =>
      path.replace(/^packages\/app\//, 'packages/app-legacy/');
    for (const step of plan.legacy) {
      const files = applyDiffStep(appDir, step, toLegacy);
      edits.push(`${step.source} → ${files.map(toLegacy).join(', ')}`);
    }
  }
  const YAML = require('yaml');
  const merged = mergeConfigs(plan.config);
  const header = `# The suite's configuration as the package READMEs give it (install:config blocks):\n${plan.config
    .map(c => `#   ${c.source}`)
    .join('\n')}\n`;
  const configFile = join(appDir, 'app-config.suite.yaml');
  writeFileSync(configFile, header + YAML.stringify(merged));
  return { edits, configFile };
}
