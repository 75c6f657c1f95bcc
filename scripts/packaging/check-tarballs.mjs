#!/usr/bin/env node
// Checks the tarballs pack-plugins.mjs wrote, as an installer would meet them:
//
//   node scripts/packaging/check-tarballs.mjs <dir> [--repo <root>]
//
// Fails, naming the package and the file, when a tarball lacks what its
// package.json or its built code needs at run time (entry points, the config
// schema, migrations, OpenAPI documents, frameworks, other data files), ships
// sources or tests, imports a package it does not declare, or still carries
// workspace-only fields. <root> (default: this repository) is where the source
// packages are, to compare migrations and data folders with.
import {
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readBuiltCode } from './builtCode.mjs';
import { extractTarball, listTarball } from './tarball.mjs';
import { REPO_ROOT, listWorkspacePackages } from './workspace.mjs';

const CJS_ROLES = new Set([
  'backend-plugin',
  'backend-plugin-module',
  'node-library',
  'common-library',
]);
const ESM_ROLES = new Set([
  'frontend-plugin',
  'frontend-plugin-module',
  'web-library',
  'common-library',
]);
// Folders a package has in the repository that never ship.
const UNSHIPPED_TOP_LEVEL = new Set([
  'src',
  'dev',
  'dist',
  'dist-types',
  'node_modules',
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'config.d.ts',
  '.eslintrc.js',
]);
// Packages that exist for tests only and must never be a run-time dependency.
const TEST_ONLY_DEPENDENCY =
  /test-utils|^@ai-platform\/cluster-sim$|^(jest|supertest|msw)$|^@testing-library\/|^@backstage\/backend-defaults$/;
const FORBIDDEN_PATH = [
  [
    /(^|\/)(__fixtures__|__testUtils__|__mocks__|__snapshots__)\//,
    'test fixtures',
  ],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'a test file'],
  [/(^|\/)setupTests\.[jt]sx?$/, 'test setup'],
  [/(^|\/)(dist-types|node_modules)\//, 'build or install output'],
  [/(^|\/)package\.json-prepack$|\.tsbuildinfo$/, 'a build leftover'],
  [/(^|\/)\.eslintrc/, 'lint configuration'],
  [/(?<!\.d)\.tsx?$/, 'TypeScript source'],
];
const DEP_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { repo: { type: 'string' } },
});
if (positionals.length !== 1) {
  console.error(
    'usage: node scripts/packaging/check-tarballs.mjs <dir> [--repo <root>]',
  );
  process.exit(2);
}
const dir = resolve(positionals[0]);
const repoRoot = resolve(opts.repo ?? REPO_ROOT);
const repoPackages = new Map(
  listWorkspacePackages(repoRoot).map(p => [p.name, p]),
);

const problems = [];
const problem = (pkg, message) => problems.push(`${pkg}: ${message}`);

/**
 * Every file an exports or typesVersions value points at, however nested. The
 * `backstage` condition is feature metadata (`@backstage/BackendFeature`), not a file.
 */
function targetsOf(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(targetsOf);
  if (value && typeof value === 'object')
    return Object.entries(value)
      .filter(([condition]) => condition !== 'backstage')
      .flatMap(([, target]) => targetsOf(target));
  return [];
}

const clean = path => path.replace(/^\.\//, '');

/** Whether `path` is a file of the tarball or a folder holding some. */
function shipped(files, path) {
  const p = clean(path).replace(/\/$/, '');
  return files.has(p) || [...files].some(f => f.startsWith(`${p}/`));
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
  return (
    specifier.startsWith('node:') ||
    builtinModules.includes(specifier.split('/')[0])
  );
}

function checkManifestFields(name, pkg, files) {
  if ('private' in pkg)
    problem(name, `package.json has "private": ${pkg.private}`);
  if (pkg.workspaces) problem(name, 'package.json has "workspaces"');
  for (const field of DEP_FIELDS) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      if (/^(workspace|file|link|portal):/.test(String(range)))
        problem(
          name,
          `${field}.${dep} is "${range}", which only resolves inside the repository`,
        );
    }
  }

  const role = pkg.backstage?.role;
  for (const field of ['main', 'types', 'module']) {
    const value = pkg[field];
    if (value === undefined) {
      if (field !== 'module' || role === 'common-library')
        problem(name, `package.json has no "${field}"`);
      continue;
    }
    if (!/^(\.\/)?dist\//.test(value))
      problem(name, `"${field}" is ${value}, not a file in dist/`);
    else if (!files.has(clean(value)))
      problem(
        name,
        `"${field}" names ${clean(value)}, which is not in the tarball`,
      );
  }
  if (pkg.main) {
    const wants = CJS_ROLES.has(role)
      ? '.cjs.js'
      : ESM_ROLES.has(role)
      ? '.esm.js'
      : undefined;
    if (wants && !pkg.main.endsWith(wants))
      problem(
        name,
        `"main" is ${pkg.main}; a ${role} package's main is dist/index${wants}`,
      );
  }
  if (
    role === 'common-library' &&
    pkg.module &&
    !pkg.module.endsWith('.esm.js')
  )
    problem(
      name,
      `"module" is ${pkg.module}; a common-library's module is dist/index.esm.js`,
    );
  if (pkg.types && !pkg.types.endsWith('.d.ts'))
    problem(name, `"types" is ${pkg.types}, not a declaration file`);

  for (const [label, value] of [
    ['exports', pkg.exports],
    ['typesVersions', pkg.typesVersions],
  ]) {
    for (const target of targetsOf(value)) {
      if (/^(\.\/)?src\//.test(target))
        problem(name, `${label} points at ${target}, a source file`);
      else if (!files.has(clean(target)))
        problem(
          name,
          `${label} names ${clean(target)}, which is not in the tarball`,
        );
    }
  }

  for (const entry of pkg.files ?? []) {
    if (!shipped(files, entry))
      problem(name, `"files" lists ${entry}, which is not in the tarball`);
  }

  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (TEST_ONLY_DEPENDENCY.test(dep))
      problem(name, `depends at run time on ${dep}, a test-only package`);
  }
}

function checkConfigSchema(name, pkg, files, source, packageDir) {
  if (source?.packageJson.configSchema && !pkg.configSchema) {
    problem(
      name,
      `the repository's package declares configSchema ${source.packageJson.configSchema}, the packed one none`,
    );
    return;
  }
  if (!pkg.configSchema) return;
  if (typeof pkg.configSchema !== 'string') return; // an inline schema
  if (!files.has(clean(pkg.configSchema))) {
    problem(name, `configSchema ${pkg.configSchema} is not in the tarball`);
    return;
  }
  if (pkg.configSchema.endsWith('.json')) {
    try {
      const schema = JSON.parse(
        readFileSync(join(packageDir, pkg.configSchema), 'utf8'),
      );
      if (!schema || typeof schema !== 'object' || !schema.properties)
        problem(name, `${pkg.configSchema} has no properties`);
    } catch (error) {
      problem(name, `${pkg.configSchema} is not valid JSON: ${error.message}`);
    }
  }
}

function checkMigrations(name, files, source) {
  const migrations = source && join(source.dir, 'migrations');
  if (!migrations || !existsSync(migrations)) return;
  for (const file of readdirSync(migrations)) {
    if (FORBIDDEN_PATH.some(([re]) => re.test(file))) continue;
    if (!files.has(`migrations/${file}`))
      problem(
        name,
        `migrations/${file} is in the repository but not in the tarball`,
      );
  }
}

/**
 * Whether a string literal of the built code may name a data file or folder of
 * the package: a plain relative path, not code (scripts are bundled into dist),
 * not a folder that never ships, not dist itself.
 */
function isDataPath(literal) {
  if (!/^[\w-][\w.-]*(\/[\w.-]+)*$/.test(literal) || literal.includes('..'))
    return false;
  if (/\.[cm]?[jt]sx?$/.test(literal) && !literal.startsWith('migrations/'))
    return false;
  const top = literal.split('/')[0];
  return !UNSHIPPED_TOP_LEVEL.has(literal) && top !== 'dist';
}

function checkRuntimeReads(name, pkg, files, source, code) {
  const referenced = new Set();
  for (const path of code.packagePaths) referenced.add(path);
  // A literal naming a file or folder the package has in the repository:
  // `join(dirname(require.resolve('<self>/package.json')), 'frameworks')`.
  if (source) {
    for (const literal of code.literals) {
      if (!isDataPath(literal)) continue;
      if (existsSync(join(source.dir, literal))) referenced.add(literal);
    }
  }
  for (const path of referenced) {
    if (!shipped(files, path))
      problem(
        name,
        `the built code reads ${path} at run time, which is not in the tarball`,
      );
  }

  for (const file of files) {
    for (const [re, what] of FORBIDDEN_PATH) {
      if (re.test(file)) problem(name, `ships ${file} (${what})`);
    }
    // Only data files the built code reads by path may come from src/.
    if (file.startsWith('src/') && !referenced.has(file))
      problem(
        name,
        `ships ${file} from src/, which the built code does not read`,
      );
  }
  return referenced;
}

function checkImports(name, pkg, code) {
  const declared = new Set(DEP_FIELDS.flatMap(f => Object.keys(pkg[f] ?? {})));
  const missing = new Map();
  for (const { specifier, file } of code.imports) {
    if (isBuiltin(specifier)) continue;
    const dep = packageNameOf(specifier);
    if (dep === pkg.name || declared.has(dep)) continue;
    if (!missing.has(dep)) missing.set(dep, file);
  }
  for (const [dep, file] of missing) {
    const where = pkg.devDependencies?.[dep]
      ? ' (it is only in devDependencies)'
      : '';
    problem(
      name,
      `${file} imports ${dep}, which is not in dependencies${where}`,
    );
  }
}

function checkSiblings(name, pkg, packed) {
  for (const field of DEP_FIELDS) {
    for (const dep of Object.keys(pkg[field] ?? {})) {
      const local = repoPackages.get(dep);
      if (!local) continue;
      if (!local.publishable)
        problem(
          name,
          `${field} names ${dep}, a private package of the repository`,
        );
      else if (!packed.has(dep))
        problem(name, `${field} names ${dep}, which has no tarball in ${dir}`);
    }
  }
}

function checkManifest(tarballs) {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return;
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  for (const entry of manifest.packages ?? []) {
    const tarball = join(dir, entry.file);
    if (!existsSync(tarball)) {
      problem(
        entry.name,
        `manifest.json lists ${entry.file}, which is not in ${dir}`,
      );
      continue;
    }
    if (statSync(tarball).size !== entry.size)
      problem(
        entry.name,
        `manifest.json says ${entry.size} bytes, ${entry.file} has ${
          statSync(tarball).size
        }`,
      );
    const count = tarballs.get(entry.file)?.files.size;
    if (count !== undefined && count !== entry.fileCount)
      problem(
        entry.name,
        `manifest.json says ${entry.fileCount} files, ${entry.file} has ${count}`,
      );
  }
}

function main() {
  if (!existsSync(dir)) {
    console.error(`${dir} does not exist`);
    process.exit(2);
  }
  const tarballs = new Map();
  for (const file of readdirSync(dir)
    .filter(f => f.endsWith('.tgz'))
    .sort()) {
    const path = join(dir, file);
    const extracted = extractTarball(path);
    let pkg;
    try {
      pkg = JSON.parse(
        readFileSync(join(extracted.packageDir, 'package.json'), 'utf8'),
      );
    } catch (error) {
      problem(file, `has no readable package/package.json: ${error.message}`);
      rmSync(extracted.root, { recursive: true, force: true });
      continue;
    }
    tarballs.set(file, {
      path,
      pkg,
      extracted,
      files: new Set(listTarball(path)),
    });
  }
  if (tarballs.size === 0) problem(dir, 'holds no tarballs');

  const packed = new Set([...tarballs.values()].map(t => t.pkg.name));
  for (const source of repoPackages.values()) {
    if (source.publishable && !packed.has(source.name))
      problem(
        source.name,
        `publishable (${source.relDir}) but has no tarball in ${dir}`,
      );
  }

  const summary = [];
  for (const [file, { pkg, extracted, files }] of tarballs) {
    const name = pkg.name ?? file;
    const before = problems.length;
    try {
      const source = repoPackages.get(pkg.name);
      if (!source) problem(name, `no package of that name in ${repoRoot}`);
      const code = readBuiltCode(extracted.packageDir, pkg.name);
      checkManifestFields(name, pkg, files);
      checkConfigSchema(name, pkg, files, source, extracted.packageDir);
      checkMigrations(name, files, source);
      checkRuntimeReads(name, pkg, files, source, code);
      checkImports(name, pkg, code);
      checkSiblings(name, pkg, packed);
    } finally {
      rmSync(extracted.root, { recursive: true, force: true });
    }
    summary.push(
      `${problems.length === before ? 'ok  ' : 'FAIL'} ${name} (${
        files.size
      } files)`,
    );
  }
  checkManifest(tarballs);

  console.log(summary.join('\n'));
  if (problems.length) {
    console.error(
      `\n${problems.length} problem(s):\n${problems
        .map(p => `  ${p}`)
        .join('\n')}`,
    );
    process.exit(1);
  }
  console.log(`\n${tarballs.size} tarballs checked, no problems`);
}

main();
