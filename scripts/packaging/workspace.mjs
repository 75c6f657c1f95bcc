// The repository's packages as a release sees them: which ones under plugins/
// are publishable, and small helpers the pack and check scripts share.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every package.json under plugins/ and packages/, publishable or not. */
export function listWorkspacePackages(root = REPO_ROOT) {
  const found = [];
  for (const parent of ['plugins', 'packages']) {
    const base = join(root, parent);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const file = join(base, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8'));
      found.push({
        name: json.name,
        version: json.version,
        dir: join(base, entry.name),
        relDir: relative(root, join(base, entry.name)),
        packageJson: json,
        publishable: parent === 'plugins' && !json.private,
      });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The packages a release publishes: everything under plugins/ not marked private. */
export function listPublishablePackages(root = REPO_ROOT) {
  return listWorkspacePackages(root).filter(p => p.publishable);
}

/** The file name `npm pack` gives a package's tarball. */
export function tarballName(name, version) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/**
 * Runs a command with captured output. Resolves with the exit code and output
 * rather than throwing, so callers can name the package that failed.
 */
export function run(command, args, { cwd, env } = {}) {
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...withNodeOnPath(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    runningChildren.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', error =>
      resolve({ code: -1, stdout, stderr: `${stderr}${error}` }),
    );
    child.on('close', code => {
      runningChildren.delete(child);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Children still running, so an interrupted run can stop them before restoring files. */
export const runningChildren = new Set();

// The node running this script first on PATH: lifecycle scripts (`#!/usr/bin/env node`)
// then run on the same Node as the script, not an older system node.
function withNodeOnPath() {
  return {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
  };
}

/** Runs `worker` over `items`, at most `jobs` at a time, in order of `items`. */
export async function mapConcurrent(items, jobs, worker) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from(
    { length: Math.min(jobs, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await worker(items[index], index);
      }
    },
  );
  await Promise.all(lanes);
  return results;
}

/** The last lines of a command's output, for an error message. */
export function tail(text, lines = 25) {
  return text.trim().split('\n').slice(-lines).join('\n');
}
