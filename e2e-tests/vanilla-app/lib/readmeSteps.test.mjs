// The README install steps against @backstage/create-app's own templates:
// every marked step parses, names packages that exist, and applies to the
// template files as they are, without installing anything.
//   node --test e2e-tests/vanilla-app/lib/*.test.mjs
import assert from 'node:assert/strict';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  applyBackendStep,
  applyDiffStep,
  applyHunk,
  parseReadmeDiff,
} from './applyEdits.mjs';
import { mergeConfigs, planReadmeSteps } from './installFromReadmes.mjs';
import { parseNpmStep, parseReadmeSteps } from './readmeSteps.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TEMPLATES = join(
  REPO_ROOT,
  'node_modules/@backstage/create-app/templates',
);
const scratch = mkdtempSync(join(tmpdir(), 'vanilla-readme-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const FRONTENDS = [
  'gpu-provisioning',
  'gpu-metrics',
  'cost',
  'compliance',
  'model-catalog',
  'golden-paths',
];
const BACKENDS = [
  'gpu-provisioning-backend',
  'gpu-metrics-backend',
  'cost-backend',
  'compliance-backend',
  'catalog-backend-module-model-catalog',
  'scaffolder-backend-module-ai-platform',
  'permission-backend-module-ai-platform',
  'approvals-backend',
];
const nameOf = dir =>
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'plugins', dir, 'package.json'), 'utf8'),
  ).name;

describe('parseReadmeSteps', () => {
  it('takes the fenced block after a marker', () => {
    const steps = parseReadmeSteps(
      'text\n<!-- install:npm -->\n\n```sh\nnpm install --workspace packages/app @a/b\n```\n',
    );
    assert.deepEqual(
      steps.map(s => [s.kind, s.body]),
      [['npm', 'npm install --workspace packages/app @a/b']],
    );
    assert.deepEqual(parseNpmStep(steps[0]), [
      { workspace: 'packages/app', packages: ['@a/b'] },
    ]);
  });

  it('refuses an unknown step, a marker without a block and a wrong language', () => {
    assert.throws(
      () => parseReadmeSteps('<!-- install:nope -->\n```sh\nx\n```'),
      /README.md:1: unknown step install:nope/,
    );
    assert.throws(
      () => parseReadmeSteps('<!-- install:npm -->\ntext'),
      /must be followed by a fenced code block/,
    );
    assert.throws(
      () => parseReadmeSteps('<!-- install:config -->\n```json\n{}\n```'),
      /needs a yaml or yml block/,
    );
  });

  it('refuses npm lines the test would not run as written', () => {
    const [step] = parseReadmeSteps(
      '<!-- install:npm -->\n```sh\nnpm i @a/b\n```',
    );
    assert.throws(() => parseNpmStep(step), /npm install --workspace/);
  });
});

describe('applyHunk', () => {
  const file = ['import a from "a";', 'const x = (', '  <One />', ');', ''];
  it('replaces the matched lines, keeping their indentation', () => {
    const [{ hunks }] = parseReadmeDiff({
      source: 't',
      body: '--- f\n   <One />\n+  <Two />',
    });
    assert.deepEqual(applyHunk(file, hunks[0], 't'), [
      'import a from "a";',
      'const x = (',
      '  <One />',
      '  <Two />',
      ');',
      '',
    ]);
  });
  it('puts a context-free import after the imports', () => {
    const [{ hunks }] = parseReadmeDiff({
      source: 't',
      body: "--- f\n+import b from 'b';",
    });
    assert.equal(applyHunk(file, hunks[0], 't')[1], "import b from 'b';");
  });
  it('fails naming the README line when the anchor is missing or ambiguous', () => {
    const [{ hunks }] = parseReadmeDiff({
      source: 'X.md:3',
      body: '--- f\n <Three />\n+<Four />',
    });
    assert.throws(
      () => applyHunk(file, hunks[0], 'X.md:3'),
      /X.md:3: the lines\n<Three \/>\nare not in the file/,
    );
    const twice = ['<One />', '<One />'];
    const [{ hunks: h2 }] = parseReadmeDiff({
      source: 't',
      body: '--- f\n <One />\n+<Two />',
    });
    assert.throws(() => applyHunk(twice, h2[0], 't'), /appear 2 times/);
  });
});

describe('mergeConfigs', () => {
  it('merges objects and refuses a key set twice', () => {
    assert.deepEqual(
      mergeConfigs([
        { source: 'a', value: { x: { y: 1 } } },
        { source: 'b', value: { x: { z: [2] } } },
      ]),
      { x: { y: 1, z: [2] } },
    );
    assert.throws(
      () =>
        mergeConfigs([
          { source: 'a', value: { x: 1 } },
          { source: 'b', value: { x: 2 } },
        ]),
      /b: x is also set by another README/,
    );
  });
});

describe('the package READMEs', () => {
  const plan = planReadmeSteps(REPO_ROOT);

  it('tell every frontend plugin to be installed into packages/app', () => {
    const names = (plan.npm.get('packages/app') ?? []).map(p => p.name).sort();
    assert.deepEqual(names, FRONTENDS.map(nameOf).sort());
  });

  it('tell every backend plugin and module to be installed into packages/backend and added', () => {
    const names = (plan.npm.get('packages/backend') ?? [])
      .map(p => p.name)
      .sort();
    assert.deepEqual(names, BACKENDS.map(nameOf).sort());
    const added = plan.backend
      .map(s => /import\('([^']+)'\)/.exec(s.body)?.[1])
      .filter(Boolean);
    const withoutPolicy = BACKENDS.filter(
      b => !b.startsWith('permission-'),
    ).map(nameOf);
    assert.deepEqual(added.sort(), withoutPolicy.sort());
  });

  it('give legacy-frontend edits for every frontend plugin', () => {
    const legacy = plan.legacy.map(s => s.packageName).sort();
    assert.deepEqual(legacy, FRONTENDS.map(nameOf).sort());
  });

  it("apply to create-app's default-app backend and legacy-app frontend as they are", () => {
    const app = join(scratch, 'app');
    mkdirSync(app, { recursive: true });
    cpSync(
      join(TEMPLATES, 'default-app/packages/backend/src'),
      join(app, 'packages/backend/src'),
      { recursive: true },
    );
    cpSync(
      join(TEMPLATES, 'legacy-app/packages/app/src'),
      join(app, 'packages/app/src'),
      { recursive: true },
    );
    for (const step of plan.backend) applyBackendStep(app, step);
    for (const step of plan.diff) applyDiffStep(app, step);
    for (const step of plan.legacy) applyDiffStep(app, step);

    const backend = readFileSync(
      join(app, 'packages/backend/src/index.ts'),
      'utf8',
    );
    assert.doesNotMatch(backend, /allow-all-policy/);
    for (const name of BACKENDS.map(nameOf))
      assert.match(backend, new RegExp(`import\\('${name}'\\)`));
    assert.ok(
      backend.indexOf('backend.start();') > backend.lastIndexOf('backend.add('),
    );

    const appTsx = readFileSync(join(app, 'packages/app/src/App.tsx'), 'utf8');
    for (const page of [
      'GpuProvisioningPage',
      'GpuUsagePage',
      'CostExplorerPage',
      'CompliancePage',
      'ModelExplorerPage',
    ]) {
      assert.match(
        appTsx,
        new RegExp(`import \\{ ${page} \\} from '@ai-platform/`),
      );
      assert.match(appTsx, new RegExp(`element=\\{<${page} />\\}`));
    }
    const entityPage = readFileSync(
      join(app, 'packages/app/src/components/catalog/EntityPage.tsx'),
      'utf8',
    );
    for (const component of [
      'EntityGpuAllocationsCard',
      'EntityGpuUsageCard',
      'GroupGpuUsageCard',
      'EntityCostCard',
      'EntityGroupCostContent',
      'EntityComplianceCard',
      'EntityComplianceContent',
      'GroupComplianceContent',
      'EntityModelOverviewCard',
      'EntityModelContent',
    ]) {
      assert.match(entityPage, new RegExp(`<${component} />`), component);
    }
    writeFileSync(join(scratch, 'EntityPage.tsx'), entityPage);
  });

  it('give configuration that merges without clashes', () => {
    const merged = mergeConfigs(plan.config);
    for (const key of [
      'gpuProvisioning',
      'gpuMetrics',
      'cost',
      'compliance',
      'modelCatalog',
      'permission',
    ]) {
      assert.ok(merged[key], key);
    }
  });
});
