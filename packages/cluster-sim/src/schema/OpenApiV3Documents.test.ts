import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findFixturesDir } from './findFixturesDir';
import { OpenApiV3Documents } from './OpenApiV3Documents';
import { SchemaRegistry } from './SchemaRegistry';
import type { GroupVersionKind, OpenApiDocument } from './types';

// Missing fixtures must fail the suite, never skip it.
const fixturesDir = findFixturesDir();
if (!fixturesDir) {
  throw new Error(
    'Schema fixtures not found: set AI_PLATFORM_FIXTURES_DIR or provide <repo root>/../shared/fixtures',
  );
}

const EXPECTED_PATHS = [
  'api/v1',
  'apis/batch/v1',
  'apis/kueue.x-k8s.io/v1beta1',
  'apis/kueue.x-k8s.io/v1beta2',
  'apis/networking.k8s.io/v1',
  'apis/rbac.authorization.k8s.io/v1',
  'apis/scheduling.run.ai/v2',
  'apis/scheduling.run.ai/v2alpha2',
  'apis/scheduling.volcano.sh/v1beta1',
  'apis/serving.kserve.io/v1beta1',
  'apis/wgpolicyk8s.io/v1alpha2',
];

type Operation = {
  parameters?: Array<{ name: string; in: string }>;
  'x-kubernetes-group-version-kind'?: GroupVersionKind;
};

/**
 * kubectl's check before it sends `fieldValidation=Strict`
 * (cli-runtime `supportsQueryParamV3`): some PATCH operation carrying the
 * kind's GVK extension lists the query parameter.
 */
function supportsQueryParam(
  doc: OpenApiDocument,
  gvk: GroupVersionKind,
  param: string,
): boolean {
  return Object.values(doc.paths).some(item => {
    const patch = (item as { patch?: Operation }).patch;
    const ext = patch?.['x-kubernetes-group-version-kind'];
    return (
      ext?.group === gvk.group &&
      ext.version === gvk.version &&
      ext.kind === gvk.kind &&
      (patch?.parameters ?? []).some(p => p.name === param && p.in === 'query')
    );
  });
}

let registry: SchemaRegistry;
let documents: OpenApiV3Documents;
beforeAll(() => {
  registry = SchemaRegistry.load({ fixturesDir });
  documents = OpenApiV3Documents.fromRegistry(registry);
});

describe('OpenApiV3Documents', () => {
  it('indexes every group-version with a hashed URL', () => {
    const index = JSON.parse(documents.index().body);
    expect(Object.keys(index.paths).sort()).toEqual(EXPECTED_PATHS);
    for (const p of EXPECTED_PATHS) {
      const url: string = index.paths[p].serverRelativeURL;
      expect(url).toMatch(
        new RegExp(`^/openapi/v3/${p}\\?hash=[0-9A-F]{128}$`),
      );
      expect(url).toBe(documents.document(p)!.serverRelativeURL);
    }
    expect(documents.index().etag).toBe(`"${documents.index().hash}"`);
  });

  describe.each(EXPECTED_PATHS)('%s', docPath => {
    it('is valid JSON with a content hash and etag', () => {
      const served = documents.document(docPath)!;
      const doc = JSON.parse(served.body) as OpenApiDocument;
      expect(doc.openapi).toMatch(/^3\.0\./);
      expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
      const sha512 = createHash('sha512').update(served.body).digest('hex');
      expect(served.hash).toBe(sha512.toUpperCase());
      expect(served.etag).toBe(`"${served.hash}"`);
    });

    it('carries the GVK extension on every kind and resolves every $ref', () => {
      const doc = JSON.parse(
        documents.document(docPath)!.body,
      ) as OpenApiDocument;
      const kinds = registry
        .kinds()
        .filter(
          k =>
            (k.group ? `apis/${k.group}/${k.version}` : `api/${k.version}`) ===
            docPath,
        );
      expect(kinds.length).toBeGreaterThan(0);
      const schemas = Object.values(doc.components.schemas);
      for (const gvk of kinds) {
        expect(
          schemas.filter(s =>
            (s['x-kubernetes-group-version-kind'] ?? []).some(
              e =>
                e.group === gvk.group &&
                e.version === gvk.version &&
                e.kind === gvk.kind,
            ),
          ),
        ).toHaveLength(1);
      }
      const refs = new Set<string>();
      JSON.stringify(doc, (key, value) => {
        if (key === '$ref') {
          refs.add(value);
        }
        return value;
      });
      for (const ref of refs) {
        expect(ref).toMatch(/^#\/components\/schemas\//);
        expect(
          doc.components.schemas[ref.slice('#/components/schemas/'.length)],
        ).toBeDefined();
      }
    });

    it('documents fieldValidation on PATCH for each kind, as kubectl checks', () => {
      const doc = JSON.parse(
        documents.document(docPath)!.body,
      ) as OpenApiDocument;
      const kinds = registry
        .kinds()
        .filter(
          k =>
            (k.group ? `apis/${k.group}/${k.version}` : `api/${k.version}`) ===
            docPath,
        )
        // Subresource-only kinds have no PATCH of their own.
        .filter(k => !['Binding', 'ComponentStatus'].includes(k.kind));
      for (const gvk of kinds) {
        expect([
          gvk.kind,
          supportsQueryParam(doc, gvk, 'fieldValidation'),
        ]).toEqual([gvk.kind, true]);
      }
      expect(
        supportsQueryParam(
          doc,
          { ...kinds[0], kind: 'NoSuchKind' },
          'fieldValidation',
        ),
      ).toBe(false);
      expect(supportsQueryParam(doc, kinds[0], 'noSuchParameter')).toBe(false);
    });
  });

  it.each([
    'api/v1',
    'apis/batch/v1',
    'apis/rbac.authorization.k8s.io/v1',
    'apis/networking.k8s.io/v1',
  ])('serves the real %s document byte for byte', docPath => {
    const file = path.join(
      fixturesDir,
      'kubernetes',
      'openapi-v3',
      `${docPath.split('/').join('__')}_openapi.json`,
    );
    expect(documents.document(docPath)!.body).toBe(
      fs.readFileSync(file, 'utf8'),
    );
  });

  it('publishes CRD kinds under the apiserver names with write parameters', () => {
    const doc = JSON.parse(
      documents.document('apis/kueue.x-k8s.io/v1beta2')!.body,
    ) as OpenApiDocument;
    const queue = doc.components.schemas['io.x-k8s.kueue.v1beta2.ClusterQueue'];
    expect(queue['x-kubernetes-group-version-kind']).toEqual([
      { group: 'kueue.x-k8s.io', version: 'v1beta2', kind: 'ClusterQueue' },
    ]);
    expect(queue.properties?.metadata).toMatchObject({
      allOf: [
        {
          $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
        },
      ],
    });
    expect(
      doc.components.schemas['io.x-k8s.kueue.v1beta2.ClusterQueueList'],
    ).toBeDefined();

    const item = doc.paths[
      '/apis/kueue.x-k8s.io/v1beta2/namespaces/{namespace}/localqueues/{name}'
    ] as Record<string, Operation>;
    const collection = doc.paths[
      '/apis/kueue.x-k8s.io/v1beta2/namespaces/{namespace}/localqueues'
    ] as Record<string, Operation>;
    const names = (op: Operation) => (op.parameters ?? []).map(p => p.name);
    for (const op of [collection.post, item.put, item.patch]) {
      expect(names(op)).toEqual(
        expect.arrayContaining(['dryRun', 'fieldManager', 'fieldValidation']),
      );
      expect(op['x-kubernetes-group-version-kind']).toEqual({
        group: 'kueue.x-k8s.io',
        version: 'v1beta2',
        kind: 'LocalQueue',
      });
    }
    expect(names(item.patch)).toContain('force');
    expect(
      doc.paths['/apis/kueue.x-k8s.io/v1beta2/clusterqueues/{name}/status'],
    ).toBeDefined();
    expect(doc.paths['/apis/kueue.x-k8s.io/v1beta2/localqueues']).toBeDefined();
  });

  it('accepts the request path form and rejects unknown group-versions', () => {
    const byKey = documents.document('apis/batch/v1');
    expect(documents.document('/openapi/v3/apis/batch/v1?hash=OLD')).toBe(
      byKey,
    );
    expect(documents.document('apis/apps/v1')).toBeUndefined();
  });

  it('hashes stably across loads', () => {
    const again = OpenApiV3Documents.fromRegistry(
      SchemaRegistry.load({ fixturesDir }),
    );
    expect(again.index().body).toBe(documents.index().body);
  });
});
