// Tests of the packaging scripts against small repositories made here:
//   node --test scripts/packaging/
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ai-platform-packaging-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const freshDir = label => {
  const dir = join(scratch, `${label}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

function writeFiles(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(
      join(dir, path),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
}

const NAME = '@acme/plugin-widget-backend';

/** A packed backend package.json as backstage-cli's prepack leaves it. */
function packedPackageJson(overrides = {}) {
  return {
    name: NAME,
    version: '0.1.0',
    main: 'dist/index.cjs.js',
    types: 'dist/index.d.ts',
    backstage: { role: 'backend-plugin', pluginId: 'widget' },
    exports: {
      '.': {
        backstage: '@backstage/BackendFeature',
        require: './dist/index.cjs.js',
        types: './dist/index.d.ts',
        default: './dist/index.cjs.js',
      },
      './package.json': './package.json',
    },
    files: ['dist', 'migrations', 'rules', 'config.schema.json'],
    configSchema: 'config.schema.json',
    dependencies: { '@backstage/backend-plugin-api': '^1.0.0' },
    ...overrides,
  };
}

// The built code: migrations and a rules file read by path, one import.
const BUILT_CODE = `'use strict';
var backendPluginApi = require('@backstage/backend-plugin-api');
var node_path = require('node:path');
const migrationsDir = backendPluginApi.resolvePackagePath('${NAME}', 'migrations');
const rules = backendPluginApi.resolvePackagePath('${NAME}', 'rules/widgets.yaml');
exports.migrationsDir = migrationsDir;
exports.rules = rules;
`;

function goodTarballFiles() {
  return {
    'package.json': packedPackageJson(),
    'dist/index.cjs.js': BUILT_CODE,
    'dist/index.d.ts': 'export declare const rules: string;\n',
    'migrations/20250101000000_create_widgets.js': 'exports.up = () => {};\n',
    'rules/widgets.yaml': 'widgets: []\n',
    'config.schema.json': { type: 'object', properties: { widget: {} } },
  };
}

/** A repository holding the package's sources, as the check compares with. */
function makeRepo() {
  const root = freshDir('repo');
  writeFiles(join(root, 'plugins', 'widget-backend'), {
    'package.json': {
      name: NAME,
      version: '0.1.0',
      main: 'src/index.ts',
      backstage: { role: 'backend-plugin', pluginId: 'widget' },
      configSchema: 'config.d.ts',
    },
    'migrations/20250101000000_create_widgets.js': 'exports.up = () => {};\n',
    'rules/widgets.yaml': 'widgets: []\n',
  });
  return root;
}

/** Writes `files` as an npm tarball (under package/) into a new folder. */
function makeTarballDir(files) {
  const stage = freshDir('stage');
  writeFiles(join(stage, 'package'), files);
  const out = freshDir('tarballs');
  execFileSync('tar', [
    '-czf',
    join(out, 'acme-plugin-widget-backend-0.1.0.tgz'),
    '-C',
    stage,
    'package',
  ]);
  return out;
}

function check(dir, repo) {
  return spawnSync(
    process.execPath,
    [join(HERE, 'check-tarballs.mjs'), dir, '--repo', repo],
    { encoding: 'utf8' },
  );
}

describe('check-tarballs', () => {
  it('passes a complete tarball', () => {
    const result = check(makeTarballDir(goodTarballFiles()), makeRepo());
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /ok {3}@acme\/plugin-widget-backend \(6 files\)/,
    );
  });

  // node:test has no it.each: one case per row.
  const broken = [
    [
      'a migration left out',
      files => delete files['migrations/20250101000000_create_widgets.js'],
      'migrations/20250101000000_create_widgets.js is in the repository but not in the tarball',
    ],
    [
      'a data file the code reads left out',
      files => delete files['rules/widgets.yaml'],
      'the built code reads rules/widgets.yaml at run time, which is not in the tarball',
    ],
    [
      'the main entry point missing',
      files => delete files['dist/index.cjs.js'],
      '"main" names dist/index.cjs.js, which is not in the tarball',
    ],
    [
      'main pointing at sources',
      files => {
        files['package.json'] = packedPackageJson({ main: 'src/index.ts' });
      },
      '"main" is src/index.ts, not a file in dist/',
    ],
    [
      'the config schema missing',
      files => delete files['config.schema.json'],
      'configSchema config.schema.json is not in the tarball',
    ],
    [
      'still private',
      files => {
        files['package.json'] = packedPackageJson({ private: true });
      },
      'package.json has "private": true',
    ],
    [
      'a workspace-only dependency range',
      files => {
        files['package.json'] = packedPackageJson({
          dependencies: {
            '@backstage/backend-plugin-api': 'workspace:^',
          },
        });
      },
      'only resolves inside the repository',
    ],
    [
      'sources shipped',
      files => {
        files['src/index.ts'] = 'export {};\n';
      },
      'ships src/index.ts from src/, which the built code does not read',
    ],
    [
      'a test file shipped',
      files => {
        files['dist/widget.test.js'] = '';
      },
      'ships dist/widget.test.js (a test file)',
    ],
    [
      'fixtures shipped',
      files => {
        files['dist/__fixtures__/a.json'] = '{}';
      },
      'ships dist/__fixtures__/a.json (test fixtures)',
    ],
    [
      'an undeclared import',
      files => {
        files['dist/index.cjs.js'] = `${BUILT_CODE}require('yaml');\n`;
      },
      'dist/index.cjs.js imports yaml, which is not in dependencies',
    ],
    [
      'a test utility as a run-time dependency',
      files => {
        files['package.json'] = packedPackageJson({
          dependencies: {
            '@backstage/backend-plugin-api': '^1.0.0',
            '@backstage/backend-test-utils': '^1.0.0',
          },
        });
      },
      'depends at run time on @backstage/backend-test-utils, a test-only package',
    ],
  ];
  for (const [label, breakIt, message] of broken) {
    it(`fails naming the package and file when ${label}`, () => {
      const files = goodTarballFiles();
      breakIt(files);
      const result = check(makeTarballDir(files), makeRepo());
      assert.equal(result.status, 1, result.stdout);
      const line = result.stderr.split('\n').find(l => l.includes(message));
      assert.ok(line, `expected "${message}" in:\n${result.stderr}`);
      assert.match(line, /^ {2}@acme\/plugin-widget-backend: /);
    });
  }

  it('fails when a publishable package has no tarball', () => {
    const repo = makeRepo();
    writeFiles(join(repo, 'plugins', 'gadget'), {
      'package.json': { name: '@acme/plugin-gadget', version: '0.1.0' },
    });
    const result = check(makeTarballDir(goodTarballFiles()), repo);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /@acme\/plugin-gadget: publishable \(plugins\/gadget\) but has no tarball/,
    );
  });
});

describe('pack-plugins', () => {
  // prepack/postpack stand-ins doing what backstage-cli's do to package.json.
  const PREPACK = `node -e "const fs=require('fs');const t=fs.readFileSync('package.json','utf8');fs.writeFileSync('package.json-prepack',t);const p=JSON.parse(t);p.main='dist/index.cjs.js';p.types='dist/index.d.ts';fs.writeFileSync('package.json',JSON.stringify(p));if(p.name.includes('broken'))process.exit(3)"`;
  const POSTPACK = `node -e "require('fs').renameSync('package.json-prepack','package.json')"`;

  function makePackRepo(names) {
    const root = freshDir('pack-repo');
    for (const name of names) {
      writeFiles(join(root, 'plugins', name), {
        'package.json': `${JSON.stringify(
          {
            name: `@acme/plugin-${name}`,
            version: '0.2.0',
            main: 'src/index.ts',
            files: ['dist'],
            backstage: { role: 'node-library' },
            scripts: { prepack: PREPACK, postpack: POSTPACK },
          },
          null,
          2,
        )}\n`,
        'dist/index.cjs.js': 'exports.x = 1;\n',
        'dist/index.d.ts': 'export declare const x = 1;\n',
        'src/index.ts': 'export const x = 1;\n',
      });
    }
    writeFiles(join(root, 'plugins', 'internal'), {
      'package.json': {
        name: '@acme/internal',
        version: '0.1.0',
        private: true,
      },
    });
    return root;
  }

  function pack(root, out) {
    return spawnSync(
      process.execPath,
      [
        join(HERE, 'pack-plugins.mjs'),
        '--out',
        out,
        '--skip-build',
        '--repo',
        root,
      ],
      { encoding: 'utf8' },
    );
  }

  it('packs every publishable package, writes the manifest and restores package.json', () => {
    const root = makePackRepo(['alpha', 'beta']);
    const before = readFileSync(
      join(root, 'plugins/alpha/package.json'),
      'utf8',
    );
    const out = freshDir('out');
    const result = pack(root, out);
    assert.equal(result.status, 0, result.stderr);

    const manifest = JSON.parse(
      readFileSync(join(out, 'manifest.json'), 'utf8'),
    );
    assert.deepEqual(
      manifest.packages.map(p => [p.name, p.version, p.file, p.dir]),
      [
        [
          '@acme/plugin-alpha',
          '0.2.0',
          'acme-plugin-alpha-0.2.0.tgz',
          'plugins/alpha',
        ],
        [
          '@acme/plugin-beta',
          '0.2.0',
          'acme-plugin-beta-0.2.0.tgz',
          'plugins/beta',
        ],
      ],
    );
    for (const entry of manifest.packages) {
      const listed = execFileSync('tar', ['-tzf', join(out, entry.file)], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n');
      assert.equal(entry.fileCount, listed.length);
      assert.ok(entry.size > 0);
      // The tarball carries the rewritten package.json, the repo keeps its own.
      const packed = JSON.parse(
        execFileSync(
          'tar',
          ['-xzOf', join(out, entry.file), 'package/package.json'],
          {
            encoding: 'utf8',
          },
        ),
      );
      assert.equal(packed.main, 'dist/index.cjs.js');
    }
    assert.match(result.stdout, /@acme\/plugin-alpha\s+[\d.]+\s+3\n/);
    assert.equal(
      readFileSync(join(root, 'plugins/alpha/package.json'), 'utf8'),
      before,
    );
    assert.ok(!existsSync(join(root, 'plugins/alpha/package.json-prepack')));
    assert.ok(!existsSync(join(out, 'acme-internal-0.1.0.tgz')));
  });

  it('restores package.json and names the package when prepack fails', () => {
    const root = makePackRepo(['alpha', 'broken']);
    const before = readFileSync(
      join(root, 'plugins/broken/package.json'),
      'utf8',
    );
    const out = freshDir('out');
    const result = pack(root, out);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /@acme\/plugin-broken \(plugins\/broken\): prepack failed/,
    );
    assert.equal(
      readFileSync(join(root, 'plugins/broken/package.json'), 'utf8'),
      before,
    );
    assert.ok(!existsSync(join(root, 'plugins/broken/package.json-prepack')));
    assert.ok(!existsSync(join(out, 'manifest.json')));
  });

  it('refuses to run while another run packs the same checkout', () => {
    const root = makePackRepo(['alpha']);
    const lock = join(root, 'node_modules/.cache/pack-plugins.lock');
    writeFiles(root, {
      'node_modules/.cache/pack-plugins.lock': String(process.pid),
    });
    const result = pack(root, freshDir('out'));
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      new RegExp(`another pack-plugins run \\(pid ${process.pid}\\)`),
    );
    assert.equal(readFileSync(lock, 'utf8'), String(process.pid));

    // A lock whose run is gone is taken over.
    writeFileSync(lock, '2147483646');
    assert.equal(pack(root, freshDir('out')).status, 0);
    assert.ok(!existsSync(lock));
  });

  it('refuses to pack a dist/ built without type declarations', () => {
    const root = makePackRepo(['alpha']);
    rmSync(join(root, 'plugins/alpha/dist/index.d.ts'));
    const result = pack(root, freshDir('out'));
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /dist\/index\.d\.ts is missing in plugins\/alpha/,
    );
  });

  it('refuses --skip-build when a package was never built', () => {
    const root = makePackRepo(['alpha']);
    rmSync(join(root, 'plugins/alpha/dist'), { recursive: true });
    const result = pack(root, freshDir('out'));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /have no dist\/: plugins\/alpha/);
  });
});
