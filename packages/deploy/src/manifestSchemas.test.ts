import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createSchemaValidation } from '@ai-platform/cluster-sim';
import { MANIFESTS_DIR } from './__testUtils__/paths';
import {
  describeDocument,
  listManifestFiles,
  readManifests,
} from './__testUtils__/manifests/readManifests';
import { validateManifest } from './__testUtils__/manifests/validateManifest';

const schemas = createSchemaValidation({ required: true })!;
const documents = readManifests(MANIFESTS_DIR);

describe('every manifest document', () => {
  it('covers every file of the recipe', () => {
    expect(listManifestFiles(MANIFESTS_DIR)).toEqual([
      'examples/secret.example.yaml',
      'gpu-cluster/00-namespace.yaml',
      'gpu-cluster/01-serviceaccount.yaml',
      'gpu-cluster/02-serviceaccount-token.yaml',
      'gpu-cluster/10-clusterrole-suite.yaml',
      'gpu-cluster/11-clusterrole-kubernetes-plugin.yaml',
      'gpu-cluster/modes/kai.yaml',
      'gpu-cluster/modes/kueue.yaml',
      'gpu-cluster/modes/resourcequota.yaml',
      'gpu-cluster/modes/volcano.yaml',
      'portal/configmap.yaml',
      'portal/deployment.yaml',
      'portal/namespace.yaml',
      'portal/poddisruptionbudget.yaml',
      'portal/service.yaml',
      'portal/serviceaccount.yaml',
    ]);
    expect(documents).toHaveLength(22);
  });

  it.each(documents.map(d => [describeDocument(d), d]))(
    '%s is valid against the Kubernetes schemas',
    (_, doc) => {
      expect(validateManifest(doc.object, schemas)).toEqual([]);
    },
  );

  it('as kustomize renders the portal, is valid with the image set', () => {
    const rendered = execFileSync(
      'kubectl',
      ['kustomize', path.join(MANIFESTS_DIR, 'portal')],
      { encoding: 'utf8', timeout: 30_000 },
    );
    const objects = parseAllDocuments(rendered).map(d => d.toJS());
    expect(objects.map(o => o.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Namespace',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
    for (const object of objects) {
      expect(validateManifest(object, schemas)).toEqual([]);
    }
    const deployment = objects.find(o => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toMatch(
      /^ai-platform-portal:\d+\.\d+\.\d+$/,
    );
  });
});

describe('validateManifest', () => {
  const deployment = documents.find(
    d => d.object.kind === 'Deployment',
  )!.object;

  it.each([
    [
      'an unknown field of a fixture-backed kind',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { portz: [] },
      },
      /unknown field "spec.portz"/,
    ],
    [
      'a wrong type in a kubernetes-models kind',
      {
        ...deployment,
        spec: { ...(deployment.spec as object), replicas: 'two' },
      },
      /replicas must be integer/,
    ],
    [
      'an unknown field in a Deployment pod template',
      {
        ...deployment,
        spec: {
          selector: {},
          template: {
            spec: { containers: [{ name: 'c', imagePullPolicyy: 'x' }] },
          },
        },
      },
      /spec\.template\.spec\.containers\[0\]\.imagePullPolicyy/,
    ],
    [
      'a kind no schema knows',
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      /no schema for example\.com\/v1 Widget/,
    ],
  ])('refuses %s', (_, object, problem) => {
    const problems = validateManifest(object as never, schemas);
    expect(problems.join('\n')).toMatch(problem);
  });
});
