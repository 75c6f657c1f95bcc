import { Entity } from '@backstage/catalog-model';

function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(groupName => ({
      type: 'memberOf',
      targetRef: `group:default/${groupName}`,
    })),
  };
}

function group(
  name: string,
  options: {
    annotations?: Record<string, string>;
    /** The parent, as the catalog's `childOf` relation (full ref, any case). */
    childOf?: string;
    /** The parent, as `spec.parent` only (a bare name). */
    parent?: string;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      annotations: options.annotations ?? {},
    },
    spec: {
      type: 'team',
      children: [],
      ...(options.parent ? { parent: options.parent } : {}),
    },
    relations: options.childOf
      ? [{ type: 'childOf', targetRef: options.childOf }]
      : [],
  };
}

function component(name: string, owner: Partial<Entity>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', ...(owner.spec ?? {}) },
    relations: owner.relations ?? [],
  };
}

/** The demo organisation, as much of it as the tests need. */
export const testEntities: Entity[] = [
  // ai-division
  // ├── conversational-ai      (childOf relation, in another case)
  // │   └── assistant-evals    (spec.parent only)
  // └── vision
  group('ai-division'),
  group('conversational-ai', {
    annotations: { 'ai-platform.io/cost-center': 'CC-4711' },
    childOf: 'Group:Default/AI-Division',
  }),
  group('assistant-evals', { parent: 'conversational-ai' }),
  group('vision', { childOf: 'group:default/ai-division' }),
  group('platform-engineering'),
  user('ana.assistant', ['conversational-ai']),
  user('bo.builder', ['vision']),
  user('pat.platform', ['platform-engineering', 'conversational-ai']),
  user('dee.director', ['ai-division']),
  user('eve.evals', ['assistant-evals']),
  component('assistant-api', {
    spec: { owner: 'group:default/conversational-ai' },
  }),
  // Owned by a sub-team of conversational-ai, named as a bare group name.
  component('eval-harness', { spec: { owner: 'assistant-evals' } }),
  // Owned by vision, through the catalog's ownedBy relation in another case.
  component('vision-model', {
    spec: { owner: 'group:default/vision' },
    relations: [{ type: 'ownedBy', targetRef: 'Group:default/Vision' }],
  }),
];

/** Users of the demo organisation. */
export const ANA = 'user:default/ana.assistant';
export const BO = 'user:default/bo.builder';
export const PAT = 'user:default/pat.platform';
/** A member of ai-division, the group above conversational-ai and vision. */
export const DEE = 'user:default/dee.director';
/** A member of assistant-evals, a sub-team of conversational-ai. */
export const EVE = 'user:default/eve.evals';

/** The groups each demo user belongs to, as the catalog has them. */
export const testMemberships: Record<string, string[]> = {
  [ANA]: ['group:default/conversational-ai'],
  [BO]: ['group:default/vision'],
  [PAT]: [
    'group:default/platform-engineering',
    'group:default/conversational-ai',
  ],
  [DEE]: ['group:default/ai-division'],
  [EVE]: ['group:default/assistant-evals'],
};
