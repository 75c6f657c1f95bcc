import { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suitePermissionBackendFeatures } from '@ai-platform/test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { costPlugin } from '../../plugins/cost-backend/src/plugin';
import { provideJestFn } from './jestStandIn';
import { DEPARTMENTS, TEAMS } from './settings';
import { silentAuditor } from './silentServices';

/** Components of the bench, as the generated line items name them (c-0 … c-199). */
export const COMPONENTS = TEAMS * 5;

/** The reader: a member of the organisation's root, so the policy lets them read every team. */
export const READER = 'user:default/bench-reader';

const relation = (type: string, targetRef: string) => ({ type, targetRef });

/**
 * The bench's catalog: org → 8 departments → 40 teams, the 200 components
 * the line items name (c-e owned by team-(e mod 40), as allocated) and the
 * reader.
 */
export function benchEntities(): Entity[] {
  const group = (name: string, type: string, parent?: string): Entity => {
    const children =
      type === 'organization'
        ? Array.from({ length: DEPARTMENTS }, (_, d) => `dept-${d}`)
        : type === 'department'
        ? Array.from({ length: TEAMS }, (_, t) => t)
            .filter(t => `dept-${t % DEPARTMENTS}` === name)
            .map(t => `team-${t}`)
        : [];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type, children, ...(parent ? { parent } : {}) },
      relations: [
        ...(parent ? [relation('childOf', `group:default/${parent}`)] : []),
        ...children.map(c => relation('parentOf', `group:default/${c}`)),
      ],
    };
  };
  const entities: Entity[] = [group('org', 'organization')];
  for (let d = 0; d < DEPARTMENTS; d++)
    entities.push(group(`dept-${d}`, 'department', 'org'));
  for (let t = 0; t < TEAMS; t++)
    entities.push(group(`team-${t}`, 'team', `dept-${t % DEPARTMENTS}`));
  for (let e = 0; e < COMPONENTS; e++) {
    const owner = `team-${e % TEAMS}`;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `c-${e}`, namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner },
      relations: [relation('ownedBy', `group:default/${owner}`)],
    });
  }
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'bench-reader', namespace: 'default' },
    spec: { memberOf: ['org'] },
    relations: [relation('memberOf', 'group:default/org')],
  });
  return entities;
}

/**
 * The real cost plugin in a test backend on `knex` (its migrations run at
 * start), with the real permission backend and the portal's policy module,
 * so each request is authenticated, authorised by the policy's conditional
 * decision and the plugin's own rules, and answered by the router. Returns
 * a GET of the plugin's API as the reader, and `stop`.
 */
export async function startRouterBackend(knex: Knex) {
  provideJestFn();
  const backend = await startTestBackend({
    features: [
      costPlugin,
      // As the portal's backend: the policy asked in the plugin's process.
      ...suitePermissionBackendFeatures({ decideInProcess: true }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          cost: {
            ingest: {
              lineItemsDirectory: mkdtempSync(join(tmpdir(), 'cost-bench-')),
            },
          },
        },
      }),
      mockServices.rootLogger.factory({ level: 'error' }),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: benchEntities() }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => silentAuditor,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }/api/cost`;
  const authorization = mockCredentials.user.header(READER);
  async function get(path: string): Promise<any> {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization },
    });
    if (!response.ok) {
      throw new Error(
        `GET ${path}: ${response.status} ${await response.text()}`,
      );
    }
    return response.headers.get('content-type')?.includes('json')
      ? response.json()
      : response.text();
  }
  return {
    get,
    /** The full URL of a path of the plugin's API, for readers elsewhere. */
    url: (path: string) => `${base}${path}`,
    authorization,
    stop: () => backend.stop(),
  };
}
