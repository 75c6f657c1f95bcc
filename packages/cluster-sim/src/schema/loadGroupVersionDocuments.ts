import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildCrdDocument, OBJECT_META_SCHEMA } from './buildCrdDocument';
import { inferenceServiceCrd } from './inferenceServiceCrd';
import { podGroupCrds } from './podGroupCrds';
import { policyReportCrds } from './policyReportCrds';
import type {
  CustomResourceDefinition,
  GroupVersionDocument,
  OpenApiDocument,
  OpenApiSchema,
} from './types';

/** The real Kubernetes 1.35 documents we serve and validate against. */
export const KUBERNETES_DOCUMENT_FILES = [
  'api__v1_openapi.json',
  'apis__batch__v1_openapi.json',
  'apis__rbac.authorization.k8s.io__v1_openapi.json',
  'apis__networking.k8s.io__v1_openapi.json',
];

/** Meta types every CRD document carries, copied from the core document. */
const META_SEEDS = [
  OBJECT_META_SCHEMA,
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList',
];

/**
 * Reads the Kubernetes OpenAPI v3 documents and the Kueue CRDs from the
 * fixtures directory, adds the hand-written KServe, PolicyReport and
 * KAI Scheduler and Volcano PodGroup CRDs, and
 * returns one document per group-version (one per served CRD version).
 *
 * @throws when a Kubernetes document or the Kueue CRD directory is missing
 */
export function loadGroupVersionDocuments(
  fixturesDir: string,
): GroupVersionDocument[] {
  const kubernetes = KUBERNETES_DOCUMENT_FILES.map(file =>
    readKubernetesDocument(
      path.join(fixturesDir, 'kubernetes', 'openapi-v3', file),
    ),
  );
  const core = kubernetes.find(d => d.path === 'api/v1');
  if (!core) {
    throw new Error('The core api/v1 OpenAPI document is required');
  }
  const metaSchemas = closure(core.document.components.schemas, META_SEEDS);
  const crds = ['kueue', 'kai-scheduler', 'volcano'].flatMap(dir =>
    readCrds(path.join(fixturesDir, dir, 'crds')),
  );
  return [
    ...kubernetes,
    ...crdDocuments(
      [
        ...crds.map(crd => ({ crd, source: 'crd' as const })),
        ...[inferenceServiceCrd, ...policyReportCrds, ...podGroupCrds].map(
          crd => ({ crd, source: 'hand-written' as const }),
        ),
      ],
      metaSchemas,
    ),
  ];
}

function readKubernetesDocument(file: string): GroupVersionDocument {
  const raw = readCached(file, 'text', text => text);
  const document = readCached(
    file,
    'json',
    text => JSON.parse(text) as OpenApiDocument,
  );
  // api__v1_openapi.json → api/v1; apis__batch__v1_openapi.json → apis/batch/v1
  const docPath = path.basename(file, '_openapi.json').split('__').join('/');
  const parts = docPath.split('/');
  const group = parts[0] === 'api' ? '' : parts[1];
  const version = parts[parts.length - 1];
  const kinds = new Map<string, string>();
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    if (name.startsWith('io.k8s.apimachinery.')) {
      continue; // DeleteOptions, WatchEvent, ... carry every group's GVK
    }
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      if (gvk.group === group && gvk.version === version) {
        kinds.set(gvk.kind, name);
      }
    }
  }
  return {
    group,
    version,
    path: docPath,
    document,
    raw,
    kinds,
    customResourceSchemas: new Set(),
    source: 'kubernetes',
  };
}

function readCrds(dir: string): CustomResourceDefinition[] {
  const files = fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort();
  return files.flatMap(file =>
    readCached(path.join(dir, file), 'crds', text =>
      parseAllDocuments(text, { uniqueKeys: false })
        .map(doc => doc.toJS() as CustomResourceDefinition | null)
        .filter(
          (doc): doc is CustomResourceDefinition =>
            doc?.kind === 'CustomResourceDefinition',
        ),
    ),
  );
}

/**
 * One document per group-version, whatever the source of its CRDs: Volcano's
 * Queue (from the fixtures) and PodGroup (hand-written) share
 * `scheduling.volcano.sh/v1beta1`. A document is `hand-written` when all its
 * CRDs are.
 */
function crdDocuments(
  entries: Array<{
    crd: CustomResourceDefinition;
    source: 'crd' | 'hand-written';
  }>,
  metaSchemas: Record<string, OpenApiSchema>,
): GroupVersionDocument[] {
  const crds = entries.map(e => e.crd);
  const handWritten = new Set(
    entries.filter(e => e.source === 'hand-written').map(e => e.crd),
  );
  const byGroupVersion = new Map<string, CustomResourceDefinition[]>();
  for (const crd of crds) {
    for (const v of crd.spec.versions.filter(x => x.served)) {
      const key = `${crd.spec.group}/${v.name}`;
      byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), crd]);
    }
  }
  return [...byGroupVersion].map(([key, group]) => {
    const slash = key.lastIndexOf('/');
    return buildCrdDocument({
      group: key.slice(0, slash),
      version: key.slice(slash + 1),
      crds: group,
      metaSchemas,
      source: group.every(crd => handWritten.has(crd)) ? 'hand-written' : 'crd',
    });
  });
}

/** The named schemas and everything they reference. */
function closure(
  schemas: Record<string, OpenApiSchema>,
  seeds: string[],
): Record<string, OpenApiSchema> {
  const out: Record<string, OpenApiSchema> = {};
  const pending = [...seeds];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (out[name] || !schemas[name]) {
      continue;
    }
    out[name] = schemas[name];
    JSON.stringify(schemas[name], (key, value) => {
      if (key === '$ref' && typeof value === 'string') {
        pending.push(value.replace('#/components/schemas/', ''));
      }
      return value;
    });
  }
  return out;
}

/**
 * Parsed fixture files, keyed by path and parser and checked against the
 * file's mtime and size, so loading the registry again in one process (tests,
 * server restarts) skips the YAML parsing, which dominates load time.
 * Cached values are shared: nothing may mutate them.
 */
const fileCache = new Map<string, { stamp: string; value: unknown }>();

function readCached<T>(
  file: string,
  parser: string,
  parse: (text: string) => T,
): T {
  const stat = fs.statSync(file);
  const stamp = `${stat.mtimeMs}:${stat.size}`;
  const key = `${parser}:${file}`;
  const hit = fileCache.get(key);
  if (hit?.stamp === stamp) {
    return hit.value as T;
  }
  const value = parse(fs.readFileSync(file, 'utf8'));
  fileCache.set(key, { stamp, value });
  return value;
}
