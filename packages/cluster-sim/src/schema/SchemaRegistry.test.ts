import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findFixturesDir } from './findFixturesDir';
import { SchemaRegistry } from './SchemaRegistry';
import type { FieldCause, ValidationResult } from './types';

// Missing fixtures must fail the suite, never skip it.
const fixturesDir = findFixturesDir();
if (!fixturesDir) {
  throw new Error(
    'Schema fixtures not found: set AI_PLATFORM_FIXTURES_DIR or provide <repo root>/../shared/fixtures',
  );
}

let registry: SchemaRegistry;
beforeAll(() => {
  registry = SchemaRegistry.load({ fixturesDir });
});

function causesOf(result: ValidationResult): FieldCause[] {
  if (result.valid) {
    throw new Error('expected the object to be invalid');
  }
  return result.causes;
}

const gpuContainer = {
  name: 'cuda',
  image: 'nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04',
  command: ['nvidia-smi'],
  resources: {
    requests: { cpu: 2, memory: '16Gi', 'nvidia.com/gpu': 1 },
    limits: { cpu: '2', memory: '16Gi', 'nvidia.com/gpu': 1 },
  },
};

const pod = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ml', creationTimestamp: null },
  spec,
});

const job = (spec: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'train', namespace: 'ml' },
  spec,
});

const clusterQueue = (spec: Record<string, unknown>) => ({
  apiVersion: 'kueue.x-k8s.io/v1beta2',
  kind: 'ClusterQueue',
  metadata: { name: 'gpu' },
  spec: {
    namespaceSelector: {},
    resourceGroups: [
      {
        coveredResources: ['nvidia.com/gpu'],
        flavors: [
          {
            name: 'h100',
            resources: [{ name: 'nvidia.com/gpu', nominalQuota: 16 }],
          },
        ],
      },
    ],
    ...spec,
  },
});

const inferenceService = (predictor: Record<string, unknown>) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'llama', namespace: 'ml' },
  spec: { predictor },
});

const policyReport = (result: Record<string, unknown>) => ({
  apiVersion: 'wgpolicyk8s.io/v1alpha2',
  kind: 'PolicyReport',
  metadata: { name: 'polr-ns-ml', namespace: 'ml' },
  scope: { apiVersion: 'v1', kind: 'Namespace', name: 'ml' },
  summary: { pass: 1, fail: 1, warn: 0, error: 0, skip: 0 },
  results: [result],
});

const validObjects: Array<[string, Record<string, unknown>]> = [
  ['Pod requesting nvidia.com/gpu: 1', pod({ containers: [gpuContainer] })],
  [
    'Namespace',
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ml', labels: { 'kueue.x-k8s.io/managed': 'true' } },
    },
  ],
  [
    'ResourceQuota with GPU and MIG requests',
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'gpu-quota', namespace: 'ml' },
      spec: {
        hard: {
          'requests.nvidia.com/gpu': '8',
          'requests.nvidia.com/mig-1g.10gb': 14,
        },
      },
    },
  ],
  [
    'RoleBinding',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ml-editors', namespace: 'ml' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'edit',
      },
      subjects: [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: 'team-ml',
        },
        { kind: 'ServiceAccount', name: 'trainer', namespace: 'ml' },
      ],
    },
  ],
  [
    'default-deny NetworkPolicy',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'ml' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
  ],
  [
    'Job with a GPU container',
    job({
      parallelism: 2,
      completions: 2,
      backoffLimit: 0,
      template: {
        metadata: { labels: { 'kueue.x-k8s.io/queue-name': 'team-ml' } },
        spec: { restartPolicy: 'Never', containers: [gpuContainer] },
      },
    }),
  ],
  [
    'Service with int-or-string target ports',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'vllm', namespace: 'ml' },
      spec: {
        selector: { app: 'vllm' },
        ports: [
          { name: 'http', port: 80, targetPort: 8000 },
          { name: 'metrics', port: 9090, targetPort: 'metrics' },
        ],
      },
    },
  ],
  [
    'Pod with status and fractional CPU as a number',
    {
      ...pod({
        containers: [
          { name: 'a', image: 'x', resources: { requests: { cpu: 0.5 } } },
        ],
      }),
      status: {
        phase: 'Running',
        startTime: '2025-01-01T00:00:00Z',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
  ],
  [
    'InferenceService',
    inferenceService({
      minReplicas: 1,
      maxReplicas: 3,
      scaleMetric: 'concurrency',
      scaleTarget: 4,
      model: {
        modelFormat: { name: 'huggingface', version: '1' },
        runtime: 'kserve-huggingfaceserver',
        storageUri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
        args: ['--max-model-len=8192'],
        env: [{ name: 'HF_HOME', value: '/tmp/hf' }],
        resources: {
          requests: { cpu: '4', memory: '32Gi', 'nvidia.com/gpu': '1' },
          limits: { cpu: 4, memory: '32Gi', 'nvidia.com/gpu': 1 },
        },
      },
    }),
  ],
  [
    'InferenceService with custom containers and status',
    {
      ...inferenceService({
        containers: [
          {
            name: 'kserve-container',
            image: 'vllm/vllm-openai:v0.6.3',
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
          },
        ],
      }),
      status: {
        url: 'http://llama.ml.example.com',
        observedGeneration: 1,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastTransitionTime: '2025-01-01T00:00:00Z',
          },
        ],
        components: {
          predictor: {
            url: 'http://llama-predictor.ml.example.com',
            latestReadyRevision: 'llama-predictor-00001',
            traffic: [{ percent: 100, latestRevision: true }],
          },
        },
      },
    },
  ],
  [
    'PolicyReport',
    policyReport({
      policy: 'require-gpu-limits',
      rule: 'gpu-limits',
      result: 'fail',
      severity: 'high',
      category: 'Best Practices',
      message: 'GPU requests must have limits',
      source: 'kyverno',
      scored: true,
      timestamp: { seconds: 1735689600, nanos: 0 },
      resources: [
        { apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: 'ml' },
      ],
      properties: { 'gpu.count': '1' },
    }),
  ],
  [
    'ClusterPolicyReport',
    {
      ...policyReport({ policy: 'p', result: 'pass' }),
      kind: 'ClusterPolicyReport',
      metadata: { name: 'cpolr' },
    },
  ],
];

describe('SchemaRegistry', () => {
  describe('valid objects', () => {
    it.each(validObjects)('accepts a %s', (_name, object) => {
      expect(
        registry.hasSchema(String(object.apiVersion), String(object.kind)),
      ).toBe(true);
      expect(registry.validate(object)).toMatchObject({
        valid: true,
        unknownFields: [],
      });
      expect(
        registry.validate(object, { strictUnknownFields: true }).valid,
      ).toBe(true);
    });
  });

  describe('Kueue examples', () => {
    const examplesDir = path.join(fixturesDir, 'kueue', 'examples');
    const examples = fs
      .readdirSync(examplesDir)
      .filter(f => f.endsWith('.yaml'))
      .sort()
      .flatMap(file =>
        parseAllDocuments(fs.readFileSync(path.join(examplesDir, file), 'utf8'))
          .map(doc => doc.toJS() as Record<string, string> | null)
          .filter((doc): doc is Record<string, string> => doc !== null)
          .map((doc, i): [string, Record<string, string>] => [
            `${file} #${i} ${doc.apiVersion} ${doc.kind}`,
            doc,
          ]),
      );
    // Kinds the fixtures have no schema for: apps/v1 and these Kueue CRDs.
    const withoutSchema = new Set([
      'apps/v1 Deployment',
      'kueue.x-k8s.io/v1beta2 AdmissionCheck',
      'kueue.x-k8s.io/v1beta2 ProvisioningRequestConfig',
      'kueue.x-k8s.io/v1beta2 Topology',
    ]);

    const isWithoutSchema = ([, doc]: [string, Record<string, string>]) =>
      withoutSchema.has(`${doc.apiVersion} ${doc.kind}`);

    it('has examples to check', () => {
      expect(examples.length).toBeGreaterThanOrEqual(15);
      expect(examples.filter(e => !isWithoutSchema(e)).length).toBeGreaterThan(
        10,
      );
    });

    it.each(examples.filter(e => !isWithoutSchema(e)))(
      'accepts %s',
      (_name, doc) => {
        expect(registry.hasSchema(doc.apiVersion, doc.kind)).toBe(true);
        expect(
          registry.validate(doc, { strictUnknownFields: true }),
        ).toMatchObject({ valid: true, unknownFields: [] });
      },
    );

    it.each(examples.filter(isWithoutSchema))(
      'has no schema for %s',
      (_name, doc) => {
        expect(registry.hasSchema(doc.apiVersion, doc.kind)).toBe(false);
        expect(causesOf(registry.validate(doc))).toEqual([
          expect.objectContaining({
            reason: 'FieldValueNotSupported',
            field: 'kind',
          }),
        ]);
      },
    );
  });

  describe('invalid objects', () => {
    it('requires spec.containers in a Pod', () => {
      expect(causesOf(registry.validate(pod({})))).toEqual([
        {
          reason: 'FieldValueRequired',
          field: 'spec.containers',
          message: 'Required value',
        },
      ]);
    });

    it('treats a null required field as missing', () => {
      expect(causesOf(registry.validate(pod({ containers: null })))).toEqual([
        {
          reason: 'FieldValueRequired',
          field: 'spec.containers',
          message: 'Required value',
        },
      ]);
    });

    it('requires a container name but, as the 1.35 schema says, not an image', () => {
      const container = registry.documents().find(d => d.path === 'api/v1')!
        .document.components.schemas['io.k8s.api.core.v1.Container'];
      expect(container.required).toEqual(['name']);
      expect(
        registry.validate(pod({ containers: [{ name: 'no-image' }] })).valid,
      ).toBe(true);
      expect(
        causesOf(registry.validate(pod({ containers: [{ image: 'x' }] }))),
      ).toEqual([
        {
          reason: 'FieldValueRequired',
          field: 'spec.containers[0].name',
          message: 'Required value',
        },
      ]);
    });

    it('reports a string where a Job wants an integer', () => {
      expect(
        causesOf(
          registry.validate(
            job({
              parallelism: 'two',
              template: { spec: { containers: [gpuContainer] } },
            }),
          ),
        ),
      ).toEqual([
        {
          reason: 'FieldValueTypeInvalid',
          field: 'spec.parallelism',
          message:
            'Invalid value: "string": spec.parallelism in body must be of type integer: "string"',
        },
      ]);
    });

    it('reports the path of a bad value deep inside a pod template', () => {
      const bad = job({
        template: {
          spec: {
            containers: [{ name: 'a', ports: [{ containerPort: '80' }] }],
          },
        },
      });
      expect(causesOf(registry.validate(bad))).toEqual([
        expect.objectContaining({
          reason: 'FieldValueTypeInvalid',
          field: 'spec.template.spec.containers[0].ports[0].containerPort',
        }),
      ]);
    });

    it('names map keys in brackets', () => {
      const bad = pod({
        containers: [
          { name: 'a', resources: { limits: { 'nvidia.com/gpu': true } } },
        ],
      });
      expect(causesOf(registry.validate(bad))).toEqual([
        {
          reason: 'FieldValueTypeInvalid',
          field: 'spec.containers[0].resources.limits[nvidia.com/gpu]',
          message:
            'Invalid value: "boolean": spec.containers[0].resources.limits[nvidia.com/gpu] in body must be of type string,number: "boolean"',
        },
      ]);
    });

    it('accepts integers or strings for int-or-string fields, nothing else', () => {
      const service = (targetPort: unknown) => ({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { ports: [{ port: 80, targetPort }] },
      });
      expect(registry.validate(service(8080)).valid).toBe(true);
      expect(registry.validate(service('http')).valid).toBe(true);
      expect(causesOf(registry.validate(service(true)))).toEqual([
        expect.objectContaining({
          reason: 'FieldValueTypeInvalid',
          field: 'spec.ports[0].targetPort',
          message: expect.stringContaining(
            'must be of type integer,string: "boolean"',
          ),
        }),
      ]);
    });

    it('has no enum for spec.restartPolicy in the 1.35 OpenAPI v3 document', () => {
      const podSpec = registry.documents().find(d => d.path === 'api/v1')!
        .document.components.schemas['io.k8s.api.core.v1.PodSpec'];
      expect(podSpec.properties?.restartPolicy).toEqual(
        expect.not.objectContaining({ enum: expect.anything() }),
      );
      // The apiserver rejects it in Go validation; the schema alone cannot.
      expect(
        registry.validate(
          pod({ restartPolicy: 'Sometimes', containers: [gpuContainer] }),
        ).valid,
      ).toBe(true);
    });

    it.each<[string, Record<string, unknown>, FieldCause]>([
      [
        'ClusterQueue spec.queueingStrategy',
        clusterQueue({ queueingStrategy: 'LIFO' }),
        {
          reason: 'FieldValueNotSupported',
          field: 'spec.queueingStrategy',
          message:
            'Unsupported value: "LIFO": supported values: "StrictFIFO", "BestEffortFIFO"',
        },
      ],
      [
        'InferenceService spec.predictor.scaleMetric',
        inferenceService({
          scaleMetric: 'gpu',
          model: { modelFormat: { name: 'onnx' } },
        }),
        {
          reason: 'FieldValueNotSupported',
          field: 'spec.predictor.scaleMetric',
          message:
            'Unsupported value: "gpu": supported values: "cpu", "memory", "concurrency", "rps"',
        },
      ],
      [
        'PolicyReport results[].result',
        policyReport({ policy: 'p', result: 'maybe' }),
        {
          reason: 'FieldValueNotSupported',
          field: 'results[0].result',
          message:
            'Unsupported value: "maybe": supported values: "pass", "fail", "warn", "error", "skip"',
        },
      ],
    ])('rejects a value outside the enum of %s', (_name, object, cause) => {
      expect(causesOf(registry.validate(object))).toEqual([cause]);
    });

    it.each<[string, Record<string, unknown>, FieldCause]>([
      [
        'a fractional Kueue quota (int-or-string in a CRD)',
        clusterQueue({
          resourceGroups: [
            {
              coveredResources: ['cpu'],
              flavors: [
                { name: 'f', resources: [{ name: 'cpu', nominalQuota: 1.5 }] },
              ],
            },
          ],
        }),
        {
          reason: 'FieldValueTypeInvalid',
          field: 'spec.resourceGroups[0].flavors[0].resources[0].nominalQuota',
          message:
            'Invalid value: "number": spec.resourceGroups[0].flavors[0].resources[0].nominalQuota in body must be of type integer,string: "number"',
        },
      ],
      [
        'a malformed quantity string',
        clusterQueue({
          resourceGroups: [
            {
              coveredResources: ['memory'],
              flavors: [
                {
                  name: 'f',
                  resources: [{ name: 'memory', nominalQuota: '36GB' }],
                },
              ],
            },
          ],
        }),
        {
          reason: 'FieldValueInvalid',
          field: 'spec.resourceGroups[0].flavors[0].resources[0].nominalQuota',
          message: expect.stringMatching(
            /^Invalid value: "36GB": spec\.resourceGroups\[0\]\.flavors\[0\]\.resources\[0\]\.nominalQuota in body should match '/,
          ),
        },
      ],
      [
        'a cohort name that is not a DNS subdomain',
        clusterQueue({ cohortName: 'Team_ML' }),
        {
          reason: 'FieldValueInvalid',
          field: 'spec.cohortName',
          message: expect.stringMatching(
            /^Invalid value: "Team_ML": spec\.cohortName in body should match '\^\[a-z0-9\]/,
          ),
        },
      ],
      [
        'a cohort name that is too long',
        clusterQueue({ cohortName: 'a'.repeat(254) }),
        {
          reason: 'FieldValueTooLong',
          field: 'spec.cohortName',
          message: 'Too long: may not be more than 253 bytes',
        },
      ],
      [
        'a Kueue list below minItems',
        clusterQueue({
          resourceGroups: [{ coveredResources: [], flavors: [] }],
        }),
        {
          reason: 'FieldValueInvalid',
          field: 'spec.resourceGroups[0].coveredResources',
          message:
            'Invalid value: 0: spec.resourceGroups[0].coveredResources in body should have at least 1 items',
        },
      ],
      [
        'a timestamp that is not RFC 3339',
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'a', creationTimestamp: 'yesterday' },
        },
        {
          reason: 'FieldValueInvalid',
          field: 'metadata.creationTimestamp',
          message:
            'Invalid value: "yesterday": metadata.creationTimestamp in body must be of type date-time: "yesterday"',
        },
      ],
      [
        'an InferenceService without a predictor',
        { ...inferenceService({}), spec: {} },
        {
          reason: 'FieldValueRequired',
          field: 'spec.predictor',
          message: 'Required value',
        },
      ],
      [
        'a PolicyReport result without a policy',
        policyReport({ result: 'pass' }),
        {
          reason: 'FieldValueRequired',
          field: 'results[0].policy',
          message: 'Required value',
        },
      ],
    ])('rejects %s', (_name, object, cause) => {
      expect(causesOf(registry.validate(object))).toContainEqual(cause);
    });

    it('reports apiVersion and kind when they are missing', () => {
      expect(causesOf(registry.validate({ metadata: { name: 'x' } }))).toEqual([
        {
          reason: 'FieldValueRequired',
          field: 'apiVersion',
          message: 'Required value',
        },
        {
          reason: 'FieldValueRequired',
          field: 'kind',
          message: 'Required value',
        },
      ]);
      expect(causesOf(registry.validate('Pod'))).toHaveLength(1);
    });
  });

  describe('unknown fields', () => {
    const withUnknown = pod({
      containers: [{ ...gpuContainer, gpus: 1 }],
      foo: 'bar',
    });

    it('drops them without strict field validation', () => {
      const result = registry.validate(withUnknown);
      expect(result).toMatchObject({
        valid: true,
        unknownFields: ['spec.containers[0].gpus', 'spec.foo'],
      });
      const stored = result.valid ? result.object : {};
      expect(stored).toEqual({
        ...withUnknown,
        metadata: { name: 'p', namespace: 'ml' },
        spec: { containers: [gpuContainer] },
      });
    });

    it('reports them with strict field validation', () => {
      expect(
        causesOf(registry.validate(withUnknown, { strictUnknownFields: true })),
      ).toEqual([
        {
          reason: 'FieldValueUnknown',
          field: 'spec.containers[0].gpus',
          message: 'unknown field "spec.containers[0].gpus"',
        },
        {
          reason: 'FieldValueUnknown',
          field: 'spec.foo',
          message: 'unknown field "spec.foo"',
        },
      ]);
    });

    it('reports unknown fields of CRDs and of unknown top-level fields', () => {
      const queue = {
        ...clusterQueue({ preemptionPolicy: 'Never' }),
        extra: true,
      };
      expect(
        causesOf(registry.validate(queue, { strictUnknownFields: true })).map(
          c => c.message,
        ),
      ).toEqual([
        'unknown field "spec.preemptionPolicy"',
        'unknown field "extra"',
      ]);
      expect(registry.validate(queue).valid).toBe(true);
    });

    it('keeps fields beneath x-kubernetes-preserve-unknown-fields', () => {
      const isvc = inferenceService({
        sklearn: { storageUri: 'gs://models/iris' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
        model: {
          modelFormat: { name: 'sklearn' },
          readinessProbe: { tcpSocket: { port: 8080 } },
        },
      });
      const result = registry.validate(isvc, { strictUnknownFields: true });
      expect(result).toMatchObject({ valid: true, unknownFields: [] });
      expect(result.valid && result.object).toEqual(isvc);
    });

    it('keeps opaque built-in objects such as managedFields[].fieldsV1', () => {
      const ns = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'ml',
          managedFields: [
            {
              manager: 'kubectl',
              operation: 'Apply',
              fieldsType: 'FieldsV1',
              fieldsV1: { 'f:metadata': { 'f:labels': { '.': {} } } },
            },
          ],
        },
      };
      expect(
        registry.validate(ns, { strictUnknownFields: true }),
      ).toMatchObject({
        valid: true,
        object: ns,
      });
    });
  });

  describe('kinds', () => {
    it('lists the kinds of every loaded group-version, without list kinds', () => {
      const kinds = registry.kinds();
      expect(kinds).toEqual(
        expect.arrayContaining([
          { group: '', version: 'v1', kind: 'Pod' },
          { group: '', version: 'v1', kind: 'ResourceQuota' },
          { group: 'batch', version: 'v1', kind: 'Job' },
          {
            group: 'rbac.authorization.k8s.io',
            version: 'v1',
            kind: 'RoleBinding',
          },
          { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' },
          { group: 'kueue.x-k8s.io', version: 'v1beta1', kind: 'ClusterQueue' },
          { group: 'kueue.x-k8s.io', version: 'v1beta2', kind: 'Workload' },
          {
            group: 'serving.kserve.io',
            version: 'v1beta1',
            kind: 'InferenceService',
          },
          {
            group: 'wgpolicyk8s.io',
            version: 'v1alpha2',
            kind: 'PolicyReport',
          },
        ]),
      );
      expect(kinds.filter(k => k.kind.endsWith('List'))).toEqual([]);
      // Subresource bodies of other groups (policy/v1 Eviction) are not kinds of v1.
      expect(registry.hasSchema('v1', 'Eviction')).toBe(false);
      expect(registry.hasSchema('v1', 'PodList')).toBe(true);
      expect(registry.hasSchema('apps/v1', 'Deployment')).toBe(false);
    });
  });

  it('compiles a validator for every kind', () => {
    for (const { group, version, kind } of registry.kinds()) {
      const apiVersion = group ? `${group}/${version}` : version;
      const result = registry.validate({
        apiVersion,
        kind,
        metadata: { name: 'x' },
      });
      // Some kinds require fields (RoleBinding.roleRef); none may lack a schema.
      const causes = result.valid ? [] : result.causes;
      expect(causes.filter(c => c.field === 'kind')).toEqual([]);
    }
  });

  it('loads in well under a second and validates quickly once compiled', () => {
    const start = performance.now();
    const fresh = SchemaRegistry.load({ fixturesDir });
    const loadMs = performance.now() - start;
    const object = validObjects[0][1];
    fresh.validate(object);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) {
      fresh.validate(object);
    }
    const perValidateMs = (performance.now() - t0) / 200;
    expect(loadMs).toBeLessThan(1000);
    expect(perValidateMs).toBeLessThan(5);
  });

  it('fails to load with a clear message when the fixtures are missing', () => {
    expect(() =>
      SchemaRegistry.load({ fixturesDir: '/nonexistent/fixtures' }),
    ).toThrow(/Cannot load Kubernetes schemas from \/nonexistent\/fixtures/);
  });
});
