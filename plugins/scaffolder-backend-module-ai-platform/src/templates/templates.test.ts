import {
  ClusterSim,
  createSchemaValidation,
  startClusterSim,
} from '@ai-platform/cluster-sim';
import { execFile } from 'node:child_process';
import Ajv from 'ajv';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { validateCatalogEntities } from '../catalog/validateCatalogEntities';
import { sampleValues } from './__fixtures__/sampleValues';
import {
  allTemplateNames,
  directoryContents,
  fixturesDir,
  templateNames,
  templatesDir,
} from './__testUtils__/fixturesDir';
import { startScaffolder } from './__testUtils__/startScaffolder';

jest.setTimeout(120_000);

const TEMPLATES = templateNames();
const GPU_TEMPLATES = TEMPLATES.filter(t => t !== 'genai-application');

function readTemplate(name: string) {
  return parse(
    fs.readFileSync(path.join(templatesDir(), name, 'template.yaml'), 'utf8'),
  );
}

/** The real Template v1beta3 schema with the catalog schemas it refers to. */
function templateValidator() {
  const schemaDir = path.join(fixturesDir(), 'backstage', 'schema');
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const schemaFile of [
    'Entity.schema.json',
    'EntityEnvelope.schema.json',
    'EntityMeta.schema.json',
    'shared/common.schema.json',
  ]) {
    ajv.addSchema(
      JSON.parse(fs.readFileSync(path.join(schemaDir, schemaFile), 'utf8')),
    );
  }
  return ajv.compile(
    JSON.parse(
      fs.readFileSync(
        path.join(schemaDir, 'scaffolder', 'Template.v1beta3.schema.json'),
        'utf8',
      ),
    ),
  );
}

type DryRunFile = { path: string; base64Content: string };

async function dryRun(
  server: Awaited<ReturnType<typeof startScaffolder>>,
  name: string,
  values = sampleValues[name],
) {
  return request(server)
    .post('/api/scaffolder/v2/dry-run')
    .send({
      template: readTemplate(name),
      values,
      directoryContents: directoryContents(
        path.join(templatesDir(), name),
      ).filter(f => f.path !== 'template.yaml'),
    });
}

function file(files: DryRunFile[], name: string): string {
  const found = files.find(f => f.path === name);
  if (!found) {
    throw new Error(
      `${name} not produced; got ${files.map(f => f.path).join(', ')}`,
    );
  }
  return Buffer.from(found.base64Content, 'base64').toString('utf8');
}

function manifests(files: DryRunFile[]): any[] {
  return files
    .filter(f => /^k8s\/.*\.ya?ml$/.test(f.path))
    .flatMap(f =>
      parseAllDocuments(
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ).map(d => d.toJS()),
    )
    .filter(Boolean);
}

/** kubectl from the machine, as a user runs it. */
function kubectl(
  kubeconfig: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--context', 'gpu-prod', ...args],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error('kubectl not found; these tests need it on PATH'));
          return;
        }
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs a program with arguments (no shell) and collects its output. */
function run(
  program: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { cwd, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new Error(`${program} not found; these tests need it on PATH`),
          );
          return;
        }
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** The namespace and quota a resourcequota-mode grant of `count` GPUs leaves. */
function grantObjects(namespace: string, resource: string, count: number) {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'gpu-grant', namespace },
      spec: { hard: { [`requests.${resource}`]: String(count) } },
    },
  ];
}

/** GPUs of `resource` an object asks for at most: per pod times the pods it may run. */
function gpusAskedFor(object: any, resource: string): number {
  const perContainer = (containers: any[] = []) =>
    containers.reduce(
      (sum, c) => sum + Number(c.resources?.requests?.[resource] ?? 0),
      0,
    );
  switch (object.kind) {
    case 'Pod':
      return perContainer(object.spec.containers);
    case 'Job':
      return (
        perContainer(object.spec.template.spec.containers) *
        (object.spec.parallelism ?? 1)
      );
    case 'CronJob':
      return perContainer(
        object.spec.jobTemplate.spec.template.spec.containers,
      );
    case 'InferenceService': {
      const predictor = object.spec.predictor;
      const perReplica = perContainer([
        predictor.model,
        ...(predictor.containers ?? []),
      ]);
      return perReplica * (predictor.maxReplicas ?? predictor.minReplicas ?? 1);
    }
    default:
      return 0;
  }
}

describe('golden-path templates', () => {
  it('has the five templates', () => {
    expect(TEMPLATES).toEqual([
      'fine-tuning-pipeline',
      'genai-application',
      'gpu-training-job',
      'llm-inference-service',
      'notebook-workspace',
    ]);
  });

  it.each(TEMPLATES)(
    '%s records its version and skeleton values right after fetching the skeleton',
    name => {
      const template = readTemplate(name);
      expect(
        template.metadata.annotations['ai-platform.io/template-version'],
      ).toMatch(/^[1-9][0-9]*$/);
      const steps: Array<{ id: string; action: string; input: any }> =
        template.spec.steps;
      const fetchAt = steps.findIndex(s => s.id === 'fetch');
      expect(steps[fetchAt].action).toBe('fetch:template');
      expect(steps[fetchAt + 1]).toMatchObject({
        action: 'ai-platform:template:record',
        input: { skeletonStep: 'fetch' },
      });
      // One list of values (a YAML anchor): the upgrade renders with these.
      expect(steps[fetchAt + 1].input.values).toEqual(
        steps[fetchAt].input.values,
      );
    },
  );

  it.each(allTemplateNames())(
    '%s validates against the Template v1beta3 schema',
    name => {
      const validate = templateValidator();
      const valid = validate(readTemplate(name));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it.each(TEMPLATES)(
    '%s asks for owner, system, cost centre and classification',
    name => {
      const [project] = readTemplate(name).spec.parameters;
      expect(project.properties.owner['ui:field']).toBe('OwnerPicker');
      expect(project.properties.system['ui:field']).toBe('EntityPicker');
      expect(project.properties.costCenter.pattern).toBeDefined();
      expect(project.properties.dataClassification.enum).toEqual([
        'public',
        'internal',
        'confidential',
        'restricted',
      ]);
      expect(project.properties.name.pattern).toBeDefined();
    },
  );

  it.each(GPU_TEMPLATES)(
    '%s takes GPUs through the GPU picker and gpu:request',
    name => {
      const template = readTemplate(name);
      const gpuField = template.spec.parameters[1].properties.gpu;
      expect(gpuField['ui:field']).toBe('GpuResourcePicker');
      const steps: Array<{ id: string; action: string }> = template.spec.steps;
      expect(steps.map(s => s.action)).toEqual(
        expect.arrayContaining([
          'catalog:write',
          'gpu:request',
          'fetch:template',
          'publish:local-git',
          'publish:github',
          'github:repo:push',
          'catalog:register-local',
          'catalog:register',
        ]),
      );
      // GPU provisioning grants GPUs only to entities in the catalog: the
      // component is registered first, the project committed once granted.
      const at = (id: string) => steps.findIndex(s => s.id === id);
      expect(at('register-local')).toBeLessThan(at('gpus'));
      expect(at('register-github')).toBeLessThan(at('gpus'));
      expect(at('gpus')).toBeLessThan(at('fetch'));
      expect(at('fetch')).toBeLessThan(at('push-local'));
      expect(at('fetch')).toBeLessThan(at('push-github'));
      expect(at('push-local')).toBeLessThan(at('refresh-local'));
    },
  );

  describe('dry run in the scaffolder', () => {
    let server: Awaited<ReturnType<typeof startScaffolder>>;
    let gitRoot: string;
    let schemas: ReturnType<typeof createSchemaValidation>;

    beforeAll(async () => {
      gitRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'templates-git-'));
      server = await startScaffolder({
        config: { aiPlatform: { scaffolder: { localGitRoot: gitRoot } } },
      });
      schemas = createSchemaValidation({
        fixturesDir: fixturesDir(),
        required: true,
      });
    });

    afterAll(() => fs.rmSync(gitRoot, { recursive: true, force: true }));

    it.each(TEMPLATES)('%s runs and produces a valid project', async name => {
      const response = await dryRun(server, name);
      expect(response.body.errors ?? response.body.error).toBeUndefined();
      expect(response.status).toBe(200);
      const failed = response.body.log.filter(
        (l: any) => l.body.status === 'failed',
      );
      expect(failed.map((l: any) => l.body.message)).toEqual([]);
      const files: DryRunFile[] = response.body.directoryContents;

      // The catalog file is valid for the catalog and wired as promised.
      const entities = await validateCatalogEntities(
        file(files, 'catalog-info.yaml'),
      );
      const [component] = entities;
      const values = sampleValues[name];
      expect(component.kind).toBe('Component');
      expect(component.metadata.name).toBe(values.name);
      expect(component.spec?.owner).toBe(values.owner);
      expect(component.spec?.system).toBe(values.system);
      const annotations = component.metadata.annotations ?? {};
      expect(annotations).toMatchObject({
        'backstage.io/kubernetes-id': values.name,
        'backstage.io/techdocs-ref': 'dir:.',
        'ai-platform.io/cost-center': values.costCenter,
        'ai-platform.io/data-classification': values.dataClassification,
        // A dry run's template is named template:default/dry-run.
        'ai-platform.io/template-ref': 'template:default/dry-run',
        'ai-platform.io/template-version': '1',
      });
      expect(
        JSON.parse(file(files, '.ai-platform/template.json')),
      ).toMatchObject({
        templateRef: 'template:default/dry-run',
        version: '1',
        values: { name: values.name, owner: values.owner },
      });
      for (const f of [
        'mkdocs.yml',
        'docs/index.md',
        'README.md',
        'Dockerfile',
        '.github/workflows/ci.yaml',
      ]) {
        expect(file(files, f).length).toBeGreaterThan(0);
      }
      expect(file(files, '.github/workflows/ci.yaml')).toContain(
        '${{ github.sha }}',
      );
      expect(files.map(f => f.path).join('\n')).not.toMatch(/\$\{\{/);

      // The manifests are valid Kubernetes objects in the grant's namespace.
      const objects = manifests(files);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) {
        const result = schemas!.registry.validate(object);
        expect({
          kind: object.kind,
          causes: result.valid ? [] : result,
        }).toEqual({
          kind: object.kind,
          causes: [],
        });
        // GPU workloads live in the grant's namespace; the GPU-less app names none.
        expect(object.metadata.namespace).toBe(
          annotations['backstage.io/kubernetes-namespace'],
        );
      }
      for (const f of files.filter(
        x =>
          x.path.endsWith('.py') ||
          x.path.endsWith('.yaml') ||
          x.path.endsWith('.md'),
      )) {
        expect({
          path: f.path,
          text: Buffer.from(f.base64Content, 'base64').toString('utf8'),
        }).not.toEqual(
          expect.objectContaining({
            text: expect.stringMatching(/\$\{\{ *values/),
          }),
        );
      }
    });

    describe('on the simulated cluster', () => {
      let sim: ClusterSim;
      let dir: string;
      beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'templates-kubectl-'));
        // The demo fleet, nodes and workloads: the manifests must fit beside them.
        sim = await startClusterSim({
          seed: 'workloads',
          validator: schemas!.validator,
          openApi: schemas!.openApi,
          metrics: false,
        });
      });
      afterAll(async () => {
        await sim?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      });

      it.each(TEMPLATES)(
        "%s's manifests are accepted by kubectl apply in the grant's namespace",
        async name => {
          const response = await dryRun(server, name);
          expect(response.status).toBe(200);
          const files: DryRunFile[] = response.body.directoryContents;
          const [component] = await validateCatalogEntities(
            file(files, 'catalog-info.yaml'),
          );
          const values = sampleValues[name] as any;
          const namespace =
            component.metadata.annotations?.[
              'backstage.io/kubernetes-namespace'
            ] ?? `app-${values.name}`;
          const resource = values.gpu?.migProfile
            ? `nvidia.com/mig-${values.gpu.migProfile}`
            : 'nvidia.com/gpu';
          // The grant: its namespace and a quota of exactly the GPUs granted.
          const grantFile = path.join(dir, `${name}-grant.yaml`);
          fs.writeFileSync(
            grantFile,
            grantObjects(namespace, resource, values.gpu?.count ?? 0)
              .map(o => stringify(o))
              .join('---\n'),
          );
          const grant = await kubectl(sim.kubeconfigPath, [
            'apply',
            '-f',
            grantFile,
          ]);
          expect(grant.stderr).toBe('');

          const k8sDir = path.join(dir, name);
          for (const f of files.filter(x => x.path.startsWith('k8s/'))) {
            fs.mkdirSync(path.join(k8sDir), { recursive: true });
            fs.writeFileSync(
              path.join(k8sDir, path.basename(f.path)),
              Buffer.from(f.base64Content, 'base64'),
            );
          }
          const applied = await kubectl(sim.kubeconfigPath, [
            'apply',
            '-n',
            namespace,
            '-f',
            k8sDir,
          ]);
          expect(applied.stderr).toBe('');
          expect(applied.code).toBe(0);
          const objects = manifests(files);
          for (const object of objects) {
            expect(applied.stdout).toContain(
              `/${object.metadata.name} created`,
            );
          }
          const stored = await kubectl(sim.kubeconfigPath, [
            'get',
            '-n',
            namespace,
            '-f',
            k8sDir,
            '-o',
            'json',
          ]);
          expect(stored.stderr).toBe('');
          // kubectl prints a List for several objects, the object for one.
          const got = JSON.parse(stored.stdout);
          const items: any[] = got.kind === 'List' ? got.items : [got];
          expect(items.map(i => i.metadata.name).sort()).toEqual(
            objects.map(o => o.metadata.name).sort(),
          );
          for (const item of items) {
            expect(item.metadata.labels?.['backstage.io/kubernetes-id']).toBe(
              values.name,
            );
          }
          // Together the workloads ask for no more GPUs than the grant holds.
          const asked = objects.reduce(
            (sum, o) => sum + gpusAskedFor(o, resource),
            0,
          );
          const granted = values.gpu?.count ?? 0;
          expect(asked).toBeLessThanOrEqual(granted);
          expect(asked > 0).toBe(granted > 0);
        },
      );
    });

    /** Writes the project a dry run of the template produces into a temporary folder. */
    async function generate(name: string) {
      const response = await dryRun(server, name);
      expect(response.status).toBe(200);
      const files: DryRunFile[] = response.body.directoryContents;
      const project = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
      for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(project, f.path)), {
          recursive: true,
        });
        fs.writeFileSync(
          path.join(project, f.path),
          Buffer.from(f.base64Content, 'base64'),
        );
      }
      return { files, project };
    }

    it.each(TEMPLATES)("%s's generated Python compiles", async name => {
      const { files, project } = await generate(name);
      try {
        const python = files
          .filter(f => f.path.endsWith('.py'))
          .map(f => f.path);
        expect(python.length).toBeGreaterThan(0);
        const compiled = await run(
          'python3',
          ['-m', 'py_compile', ...python],
          project,
        );
        expect(compiled.stderr).toBe('');
        expect(compiled.code).toBe(0);
      } finally {
        fs.rmSync(project, { recursive: true, force: true });
      }
    });

    // These skeletons need only the standard library, so their own tests run
    // here; the PyTorch ones (training, fine-tuning) run theirs in their CI.
    it.each([
      'genai-application',
      'llm-inference-service',
      'notebook-workspace',
    ])("%s's generated tests pass", async name => {
      const { files, project } = await generate(name);
      try {
        expect(file(files, 'requirements.txt')).not.toMatch(/^[a-z]/im);
        const tested = await run(
          'python3',
          ['-m', 'unittest', 'discover', '-s', 'tests', '-v'],
          project,
        );
        expect(tested.stderr).toMatch(/\nOK\n?$/);
        expect(tested.stderr).toMatch(/Ran [1-9]\d* tests?/);
        expect(tested.code).toBe(0);
      } finally {
        fs.rmSync(project, { recursive: true, force: true });
      }
    });

    it.each([
      ['name', { name: 'Bad Name; rm -rf /' }],
      ['costCenter', { costCenter: '1300' }],
      ['owner', { owner: 'user:default/guest' }],
    ])('refuses a bad %s before running anything', async (field, change) => {
      const name = 'llm-inference-service';
      const response = await dryRun(server, name, {
        ...sampleValues[name],
        ...change,
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    });
  });
});
