// The npm variant of a create-app app, on small stand-ins for the template's
// package.json files and the monorepo's lockfile.
//   node --test e2e-tests/vanilla-app/lib/*.test.mjs
import assert from 'node:assert/strict';
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
import {
  convertToNpm,
  pinUnseededDependencies,
  seedLockfile,
} from './createApp.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'vanilla-create-app-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

function write(dir, files) {
  for (const [path, value] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(
      join(dir, path),
      typeof value === 'string' ? value : JSON.stringify(value, null, 2),
    );
  }
}
const read = (dir, path) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

function fixture() {
  const base = join(scratch, String(++n));
  const repo = join(base, 'repo');
  const app = join(base, 'app');
  write(repo, {
    'package.json': {
      name: 'mono',
      overrides: { react: '^18.3.1', 'better-sqlite3': '^13.0.0' },
    },
    'package-lock.json': {
      lockfileVersion: 3,
      packages: {
        '': { name: 'mono' },
        'node_modules/@backstage/core-plugin-api': { version: '1.12.10' },
        'node_modules/@backstage/core-plugin-api/node_modules/x': {
          version: '1.0.0',
        },
        'node_modules/@ai-platform/plugin-cost': { link: true },
        'node_modules/app': { resolved: 'packages/app', link: true },
        'packages/app': { name: 'app', version: '0.0.0' },
      },
    },
  });
  write(app, {
    'package.json': {
      name: 'root',
      version: '1.0.0',
      workspaces: ['packages/*'],
      scripts: { 'build:backend': 'yarn workspace backend build' },
      devDependencies: { '@backstage/e2e-test-utils': '^0.1.2' },
      resolutions: { '@types/react': '^18' },
      packageManager: 'yarn@4.13.0',
    },
    'packages/app/package.json': {
      name: 'app',
      dependencies: {
        '@backstage/core-plugin-api': '^1.12.9',
        '@backstage/plugin-home': '^0.9.10',
        '@material-ui/core': '^4.12.2',
      },
    },
    'packages/backend/package.json': {
      name: 'backend',
      dependencies: { app: 'link:../app' },
    },
    'yarn.lock': '',
    '.yarnrc.yml': '',
  });
  return { repo, app };
}

describe('convertToNpm', () => {
  it('turns the Yarn project into npm workspaces', () => {
    const { repo, app } = fixture();
    convertToNpm({ dir: app, repoRoot: repo });
    const root = read(app, 'package.json');
    assert.deepEqual(root.overrides, {
      '@types/react': '^18',
      react: '^18.3.1',
      'better-sqlite3': '^13.0.0',
    });
    assert.equal(root.resolutions, undefined);
    assert.equal(root.packageManager, undefined);
    assert.equal(
      root.scripts['build:backend'],
      'npm run build --workspace backend',
    );
    assert.equal(
      read(app, 'packages/backend/package.json').dependencies.app,
      'file:../app',
    );
    assert.equal(
      readFileSync(join(app, '.npmrc'), 'utf8'),
      'legacy-peer-deps=true\n',
    );
    assert.ok(!existsSync(join(app, 'yarn.lock')));
    assert.ok(!existsSync(join(app, '.yarnrc.yml')));
  });

  it('refuses a backend that no longer links the app as it expects', () => {
    const { repo, app } = fixture();
    write(app, {
      'packages/backend/package.json': { dependencies: { app: '*' } },
    });
    assert.throws(
      () => convertToNpm({ dir: app, repoRoot: repo }),
      /not link:\.\.\/app/,
    );
  });
});

describe('seedLockfile and pinUnseededDependencies', () => {
  it("seeds the registry packages of the monorepo's lockfile, not its workspaces", () => {
    const { repo, app } = fixture();
    const seeded = seedLockfile({ dir: app, repoRoot: repo });
    assert.deepEqual([...seeded], ['@backstage/core-plugin-api']);
    const lock = read(app, 'package-lock.json');
    assert.deepEqual(Object.keys(lock.packages).sort(), [
      '',
      'node_modules/@backstage/core-plugin-api',
      'node_modules/@backstage/core-plugin-api/node_modules/x',
    ]);
    assert.deepEqual(lock.packages[''].workspaces, ['packages/*']);
  });

  it('pins what the seed lacks to the release and puts the ranges back', () => {
    const { repo, app } = fixture();
    const seeded = seedLockfile({ dir: app, repoRoot: repo });
    const before = readFileSync(join(app, 'packages/app/package.json'), 'utf8');
    const pins = pinUnseededDependencies({ dir: app, seeded });
    assert.deepEqual(pins.pinned, [
      '@backstage/e2e-test-utils@0.1.2 (package.json)',
      '@backstage/plugin-home@0.9.10 (packages/app/package.json)',
      '@material-ui/core@4.12.2 (packages/app/package.json)',
    ]);
    const deps = read(app, 'packages/app/package.json').dependencies;
    assert.equal(deps['@backstage/plugin-home'], '0.9.10');
    assert.equal(deps['@backstage/core-plugin-api'], '^1.12.9');
    pins.restore();
    assert.equal(
      readFileSync(join(app, 'packages/app/package.json'), 'utf8'),
      before,
    );
  });
});
