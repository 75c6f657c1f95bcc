// The suite's packages as a release ships them: the tarballs and manifest of
// scripts/packaging/pack-plugins.mjs, and which tarballs an install of one
// package needs (its @ai-platform dependencies are not on any registry).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './proc.mjs';

/** Packs every publishable plugin into `outDir` with the release's script. */
export async function packTarballs({ repoRoot, outDir, skipBuild, logFile }) {
  const script = join(repoRoot, 'scripts/packaging/pack-plugins.mjs');
  await run(
    process.execPath,
    [script, '--out', outDir, ...(skipBuild ? ['--skip-build'] : [])],
    { cwd: repoRoot, logFile },
  );
  return readManifest(outDir);
}

/** `<dir>/manifest.json`: `{ packages: [{ name, version, file }] }`, with each package.json as packed. */
export function readManifest(dir) {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  const { packages } = JSON.parse(readFileSync(path, 'utf8'));
  const byName = new Map();
  for (const entry of packages) {
    const file = join(dir, entry.file);
    if (!existsSync(file))
      throw new Error(`${file} is in the manifest but missing`);
    const packageJson = JSON.parse(
      execFileSync('tar', ['-xzOf', file, 'package/package.json'], {
        encoding: 'utf8',
      }),
    );
    byName.set(entry.name, { ...entry, path: file, packageJson });
  }
  return byName;
}

/**
 * The tarballs to pass to `npm install` for `names`: the packages themselves
 * and every @ai-platform package they depend on, transitively. A dependency on
 * a suite package that was not packed fails here, naming both.
 */
export function tarballsFor(manifest, names) {
  const wanted = new Map();
  const visit = (name, from) => {
    if (wanted.has(name)) return;
    const entry = manifest.get(name);
    if (!entry) {
      throw new Error(
        `${name}${
          from ? ` (a dependency of ${from})` : ''
        } is not among the packed tarballs`,
      );
    }
    wanted.set(name, entry.path);
    for (const dep of Object.keys(entry.packageJson.dependencies ?? {})) {
      if (dep.startsWith('@ai-platform/')) visit(dep, name);
    }
  };
  for (const name of names) visit(name);
  return [...wanted.values()];
}
