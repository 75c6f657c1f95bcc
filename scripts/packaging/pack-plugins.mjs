#!/usr/bin/env node
// Builds and packs every publishable package under plugins/ the way a release
// does: `npm pack` in the package folder, whose prepack/postpack scripts
// (backstage-cli) swap the dist entry points in and put package.json back.
//
//   node scripts/packaging/pack-plugins.mjs --out <dir> [--skip-build] [--jobs <n>]
//
// (--repo <root> packs another checkout; the tests use it.)
//
// Writes the tarballs and <dir>/manifest.json:
//   { "packages": [ { "name", "version", "dir", "role", "file", "size",
//                     "fileCount", "unpackedSize" } ] }
// (size and unpackedSize in bytes, dir relative to the repository root) and
// prints a table. Every package.json is restored even when a pack fails or the
// run is interrupted.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listTarball, unpackedSize } from './tarball.mjs';
import {
  REPO_ROOT,
  listPublishablePackages,
  mapConcurrent,
  run,
  runningChildren,
  tail,
  tarballName,
} from './workspace.mjs';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    jobs: { type: 'string' },
    repo: { type: 'string' },
  },
});
if (!args.out) {
  console.error(
    'usage: node scripts/packaging/pack-plugins.mjs --out <dir> [--skip-build] [--jobs <n>]',
  );
  process.exit(2);
}
const outDir = resolve(args.out);
// Two at a time: the machine has two cores, and prepack is mostly CPU.
const jobs = Number(args.jobs ?? Math.min(2, availableParallelism()));
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error(`--jobs must be a positive whole number, got ${args.jobs}`);
  process.exit(2);
}

const root = resolve(args.repo ?? REPO_ROOT);
const BIN = join(root, 'node_modules', '.bin');
const NPM = existsSync(join(dirname(process.execPath), 'npm'))
  ? join(dirname(process.execPath), 'npm')
  : 'npm';
// Files prepack writes into the package folder; postpack removes them.
const PREPACK_BACKUP = 'package.json-prepack';
const GENERATED_SCHEMA = 'config.schema.json';

const packages = listPublishablePackages(root);
if (packages.length === 0) {
  console.error('No publishable packages under plugins/');
  process.exit(1);
}

// What each package folder looked like just before its pack, to put it back.
// Taken per package, right before `npm pack`, so edits made meanwhile survive.
const originals = new Map();

function remember(pkg) {
  if (existsSync(join(pkg.dir, PREPACK_BACKUP))) {
    // package.json may be the rewritten one; the backup is the real one.
    throw new Error(
      `${pkg.relDir}/${PREPACK_BACKUP} is left from an interrupted pack: run \`npx backstage-cli package postpack\` in ${pkg.relDir} first`,
    );
  }
  originals.set(pkg.dir, {
    packageJson: readFileSync(join(pkg.dir, 'package.json'), 'utf8'),
    hadSchema: existsSync(join(pkg.dir, GENERATED_SCHEMA)),
  });
}

/** Puts a package folder back as it was; returns what had to be repaired. */
function restore(pkg) {
  const original = originals.get(pkg.dir);
  if (!original) return [];
  const repaired = [];
  const pkgPath = join(pkg.dir, 'package.json');
  if (readFileSync(pkgPath, 'utf8') !== original.packageJson) {
    writeFileSync(pkgPath, original.packageJson);
    repaired.push('package.json');
  }
  for (const leftover of [
    PREPACK_BACKUP,
    ...(original.hadSchema ? [] : [GENERATED_SCHEMA]),
  ]) {
    if (existsSync(join(pkg.dir, leftover))) {
      rmSync(join(pkg.dir, leftover));
      repaired.push(leftover);
    }
  }
  return repaired;
}

function restoreAll() {
  for (const pkg of packages) restore(pkg);
}

// One run per checkout: two runs would pack, rebuild and restore the same
// package folders at once and take each other's rewritten package.json for
// the original.
const LOCK = join(root, 'node_modules', '.cache', 'pack-plugins.lock');
let lockHeld = false;

function acquireLock() {
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      lockHeld = true;
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(LOCK, 'utf8'));
    if (holder && isAlive(holder)) {
      throw new Error(
        `another pack-plugins run (pid ${holder}) is packing this checkout; wait for it or remove ${LOCK} if it is gone`,
      );
    }
    rmSync(LOCK, { force: true }); // left by a run that died
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function releaseLock() {
  if (lockHeld) rmSync(LOCK, { force: true });
  lockHeld = false;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of runningChildren) child.kill('SIGTERM');
    restoreAll();
    releaseLock();
    console.error(`\nInterrupted by ${signal}; package.json files restored`);
    process.exit(130);
  });
}

function seconds(since) {
  return (Number(process.hrtime.bigint() - since) / 1e9).toFixed(1);
}

async function build() {
  // Type declarations come from the root tsc output in dist-types/.
  const tscStarted = process.hrtime.bigint();
  console.log('Building type declarations (tsc)');
  const tsc = await run(join(BIN, 'tsc'), [], { cwd: root });
  if (tsc.code !== 0) {
    throw new Error(`tsc failed:\n${tail(tsc.stdout + tsc.stderr)}`);
  }
  console.log(`  tsc: ${seconds(tscStarted)} s`);
  const failures = [];
  await mapConcurrent(packages, jobs, async pkg => {
    const started = process.hrtime.bigint();
    const result = await run(join(BIN, 'backstage-cli'), ['package', 'build'], {
      cwd: pkg.dir,
    });
    if (result.code !== 0) {
      failures.push(
        `${pkg.name} (${pkg.relDir}): build failed\n${tail(
          result.stdout + result.stderr,
        )}`,
      );
      return;
    }
    console.log(`  built ${pkg.name} in ${seconds(started)} s`);
  });
  if (failures.length) throw new Error(failures.join('\n\n'));
}

/** Runs a package's own lifecycle script (prepack, postpack), if it has one. */
async function lifecycle(pkg, script) {
  if (!pkg.packageJson.scripts?.[script]) return;
  const result = await run(NPM, ['run', '--silent', script], { cwd: pkg.dir });
  if (result.code !== 0) {
    throw new Error(
      `${pkg.name} (${pkg.relDir}): ${script} failed (exit ${
        result.code
      })\n${tail(result.stdout + result.stderr)}`,
    );
  }
}

/** Packs a package whose prepack already ran; npm runs no scripts here. */
async function pack(pkg) {
  const file = tarballName(pkg.name, pkg.version);
  const target = join(outDir, file);
  rmSync(target, { force: true });
  const started = process.hrtime.bigint();
  const result = await run(
    NPM,
    ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir],
    { cwd: pkg.dir },
  );
  if (result.code !== 0 || !existsSync(target)) {
    throw new Error(
      `${pkg.name} (${pkg.relDir}): npm pack failed (exit ${
        result.code
      })\n${tail(result.stdout + result.stderr)}`,
    );
  }
  const entry = {
    name: pkg.name,
    version: pkg.version,
    dir: pkg.relDir,
    role: pkg.packageJson.backstage?.role ?? null,
    file,
    size: statSync(target).size,
    fileCount: listTarball(target).length,
    unpackedSize: unpackedSize(target),
  };
  console.log(`  packed ${pkg.name} in ${seconds(started)} s`);
  return entry;
}

function printTable(entries) {
  const rows = entries.map(e => [
    e.name,
    (e.size / 1024).toFixed(1),
    String(e.fileCount),
  ]);
  const total = entries.reduce(
    (sum, e) => ({ size: sum.size + e.size, files: sum.files + e.fileCount }),
    { size: 0, files: 0 },
  );
  rows.push([
    `total (${entries.length} packages)`,
    (total.size / 1024).toFixed(1),
    String(total.files),
  ]);
  const header = ['package', 'size KB', 'files'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const line = r =>
    r
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
      )
      .join('  ');
  console.log(line(header));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  rows.slice(0, -1).forEach(r => console.log(line(r)));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  console.log(line(rows[rows.length - 1]));
}

async function main() {
  const started = process.hrtime.bigint();
  acquireLock();
  mkdirSync(outDir, { recursive: true });
  rmSync(join(outDir, 'manifest.json'), { force: true });

  let buildSeconds = '0.0';
  if (args['skip-build']) {
    const unbuilt = packages.filter(p => !existsSync(join(p.dir, 'dist')));
    if (unbuilt.length) {
      throw new Error(
        `--skip-build, but these packages have no dist/: ${unbuilt
          .map(p => p.relDir)
          .join(', ')}`,
      );
    }
  } else {
    const buildStarted = process.hrtime.bigint();
    await build();
    buildSeconds = seconds(buildStarted);
  }
  // A backend build (packages/backend) rebuilds its plugins' dist/ without
  // type declarations; packing that would publish packages without types.
  const untyped = packages.filter(
    p => !existsSync(join(p.dir, 'dist', 'index.d.ts')),
  );
  if (untyped.length) {
    throw new Error(
      `dist/index.d.ts is missing in ${untyped
        .map(p => p.relDir)
        .join(
          ', ',
        )}: build them with their declarations (run without --skip-build)`,
    );
  }

  const packStarted = process.hrtime.bigint();
  console.log(`Packing ${packages.length} packages into ${outDir}`);
  const failures = [];
  // A prepack rewrites its package.json in place, and an `npm pack` reads
  // every workspace's package.json: run concurrently, one caught another's
  // half-written file (EJSONPARSE). So every prepack runs first, one at a
  // time, then the packs together, then every postpack.
  let entries = [];
  try {
    for (const pkg of packages) {
      remember(pkg);
      await lifecycle(pkg, 'prepack');
    }
    entries = await mapConcurrent(packages, jobs, async pkg => {
      try {
        return await pack(pkg);
      } catch (error) {
        failures.push(error.message);
        return undefined;
      }
    });
  } finally {
    for (const pkg of packages) {
      if (!originals.has(pkg.dir)) continue;
      try {
        await lifecycle(pkg, 'postpack');
      } catch (error) {
        failures.push(error.message);
      }
      const repaired = restore(pkg);
      if (repaired.length) {
        // postpack ran but left something behind: still a failure to report.
        failures.push(
          `${pkg.name}: packing left ${repaired.join(', ')} changed (restored)`,
        );
      }
    }
  }
  if (failures.length) throw new Error(failures.join('\n\n'));
  const packSeconds = seconds(packStarted);

  writeFileSync(
    join(outDir, 'manifest.json'),
    `${JSON.stringify({ packages: entries }, null, 2)}\n`,
  );
  console.log('');
  printTable(entries);
  console.log(
    `\nbuild ${buildSeconds} s, pack ${packSeconds} s, total ${seconds(
      started,
    )} s; manifest: ${join(outDir, 'manifest.json')}`,
  );
}

main()
  .catch(error => {
    console.error(`\n${error.message}`);
    process.exitCode = 1;
  })
  .finally(() => {
    restoreAll();
    releaseLock();
    // Nothing a release run touches may stay changed in the work tree.
    const dirty = packages.filter(
      p =>
        originals.has(p.dir) &&
        (readFileSync(join(p.dir, 'package.json'), 'utf8') !==
          originals.get(p.dir).packageJson ||
          existsSync(join(p.dir, PREPACK_BACKUP))),
    );
    if (dirty.length) {
      console.error(
        `package.json could not be restored in: ${dirty
          .map(p => p.relDir)
          .join(', ')}`,
      );
      process.exitCode = 1;
    }
  });
