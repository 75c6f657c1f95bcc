import {
  AI_PLATFORM_ANNOTATIONS,
  AI_PLATFORM_COST_TAGS,
  AI_PLATFORM_LABELS,
  AI_PLATFORM_PREFIX,
} from './vocabulary';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The name part of a Kubernetes qualified name, lower-case as the suite writes them. */
function isQualifiedNamePart(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 63 &&
    ALPHANUMERIC.includes(name[0]) &&
    ALPHANUMERIC.includes(name[name.length - 1]) &&
    [...name].every(c => ALPHANUMERIC.includes(c) || '-_.'.includes(c))
  );
}

const everyKey = [
  ...Object.entries(AI_PLATFORM_LABELS).map(([k, v]) => ['label', k, v]),
  ...Object.entries(AI_PLATFORM_ANNOTATIONS).map(([k, v]) => [
    'annotation',
    k,
    v,
  ]),
  ...Object.entries(AI_PLATFORM_COST_TAGS).map(([k, v]) => ['cost tag', k, v]),
];

describe('the ai-platform.io vocabulary', () => {
  it.each(everyKey)(
    '%s %s is a Kubernetes key under ai-platform.io/',
    (_kind, _name, key) => {
      expect(key.startsWith(AI_PLATFORM_PREFIX)).toBe(true);
      expect(isQualifiedNamePart(key.slice(AI_PLATFORM_PREFIX.length))).toBe(
        true,
      );
    },
  );

  // Objects in clusters and entities in catalogs already carry these keys:
  // renaming one orphans them, so every value is pinned.
  it('keeps the keys objects and entities already carry', () => {
    expect(AI_PLATFORM_LABELS).toEqual({
      team: 'ai-platform.io/team',
      grantId: 'ai-platform.io/grant-id',
      dataClassification: 'ai-platform.io/data-classification',
      costCenter: 'ai-platform.io/cost-center',
      expiresAt: 'ai-platform.io/expires-at',
      entity: 'ai-platform.io/entity',
    });
    expect(AI_PLATFORM_ANNOTATIONS).toEqual({
      teamRef: 'ai-platform.io/team-ref',
      requestedBy: 'ai-platform.io/requested-by',
      entityRef: 'ai-platform.io/entity-ref',
      expiresAt: 'ai-platform.io/expires-at',
      purpose: 'ai-platform.io/purpose',
      costCenter: 'ai-platform.io/cost-center',
      gpus: 'ai-platform.io/gpus',
      dataClassification: 'ai-platform.io/data-classification',
      modelCard: 'ai-platform.io/model-card',
      modelSource: 'ai-platform.io/model-source',
      modelSourceError: 'ai-platform.io/model-source-error',
      servedModel: 'ai-platform.io/model',
      kubernetesCluster: 'ai-platform.io/kubernetes-cluster',
      endpointUrl: 'ai-platform.io/endpoint-url',
      gpuRequestId: 'ai-platform.io/gpu-request-id',
      templateRef: 'ai-platform.io/template-ref',
      templateVersion: 'ai-platform.io/template-version',
    });
    expect(AI_PLATFORM_COST_TAGS).toEqual({
      team: 'ai-platform.io/team',
      costCenter: 'ai-platform.io/cost-center',
      gpuClass: 'ai-platform.io/gpu-class',
    });
  });

  it('names each key once per family', () => {
    for (const family of [
      AI_PLATFORM_LABELS,
      AI_PLATFORM_ANNOTATIONS,
      AI_PLATFORM_COST_TAGS,
    ]) {
      const values = Object.values(family);
      expect(new Set(values).size).toBe(values.length);
    }
  });
});
