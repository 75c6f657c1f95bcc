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

function group(name: string, annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'team', children: [] },
  };
}

/** The demo organisation, as much of it as the tests need. */
export const testEntities: Entity[] = [
  group('conversational-ai', { 'ai-platform.io/cost-center': 'CC-4711' }),
  group('vision'),
  group('platform-engineering'),
  user('ana.assistant', ['conversational-ai']),
  user('bo.builder', ['vision']),
  user('pat.platform', ['platform-engineering', 'conversational-ai']),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'assistant-api', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/conversational-ai' },
  },
];

/** Users of the demo organisation. */
export const ANA = 'user:default/ana.assistant';
export const BO = 'user:default/bo.builder';
export const PAT = 'user:default/pat.platform';

/** The groups each demo user belongs to, as the catalog has them. */
export const testMemberships: Record<string, string[]> = {
  [ANA]: ['group:default/conversational-ai'],
  [BO]: ['group:default/vision'],
  [PAT]: [
    'group:default/platform-engineering',
    'group:default/conversational-ai',
  ],
};
