import { Entity } from '@backstage/catalog-model';

function group(name: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  };
}

function user(name: string, memberOf: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
    relations: memberOf.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/** The test organisation's users, by role. */
export const testUsers = {
  /** Asks for approvals; in conversational-ai and ml-platform. */
  requester: 'user:default/rita',
  /** A member of ml-platform, the approver group. */
  approver: 'user:default/abe',
  /** A second member of ml-platform. */
  secondApprover: 'user:default/ada',
  /** A member of ml-infra, a group below ml-platform only. */
  subTeamMember: 'user:default/sam',
  /** A member of another team. */
  other: 'user:default/olga',
};

/** Groups (ml-infra below ml-platform), users and a component. */
export const testEntities: Entity[] = [
  group('ml-platform'),
  group('ml-infra', 'ml-platform'),
  group('conversational-ai'),
  group('search'),
  user('rita', ['conversational-ai', 'ml-platform']),
  user('abe', ['ml-platform']),
  user('ada', ['ml-platform']),
  user('sam', ['ml-infra']),
  user('olga', ['search']),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'assistant-api', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'search' },
  },
];
