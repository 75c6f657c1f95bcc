import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ClusterSim, startClusterSim } from '@ai-platform/cluster-sim';
import { createTestDatabases } from '@ai-platform/test-utils';
import knexFactory, { Knex } from 'knex';
import { createTestService } from '../../__testUtils__/createTestService';
import { loadDemoEntities } from '../../__testUtils__/demoCatalog';
import {
  DEMO_GRANTS,
  StaticGrantSource,
} from '../../__testUtils__/StaticGrantSource';
import { GrantRecord, GrantSource } from '../../facts/GrantFactRetriever';
import { EvaluationInProgressError } from './DefaultEvaluationService';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const WAIVED = 'component:default/vision-embedding-service';
const CHECK = 'k8s-default-deny-network-policy';
const approver = {
  credentials: mockCredentials.user('user:default/priya.platform'),
};

/** Grants that wait for `release()`: holds a run in the middle of gathering facts. */
class GatedGrantSource implements GrantSource {
  private opened!: () => void;
  private readonly gate = new Promise<void>(resolve => {
    this.opened = resolve;
  });
  entered = false;
  calls = 0;

  async listGrants(): Promise<GrantRecord[]> {
    this.entered = true;
    this.calls++;
    await this.gate;
    return DEMO_GRANTS;
  }

  release() {
    this.opened();
  }
}

const pools: Knex[] = [];
/** Another process's connection pool to the same database (PostgreSQL); SQLite shares one. */
function secondPool(knex: Knex): Knex {
  if (knex.client.config.client !== 'pg') return knex;
  const pool = knexFactory({
    client: 'pg',
    connection: knex.client.config.connection,
  });
  pools.push(pool);
  return pool;
}

describe('DefaultEvaluationService on several replicas', () => {
  let sim: ClusterSim;
  const clock = new Date('2026-11-22T06:00:00.000Z');

  beforeAll(async () => {
    sim = await startClusterSim({ metrics: false });
  });
  afterAll(async () => {
    await Promise.all(pools.map(p => p.destroy()));
    await sim?.stop();
  });

  async function replicas(databaseId: TestDatabaseId, grantsOfA?: GrantSource) {
    const knex = await databases.init(databaseId);
    const make = (db: Knex, owner: string, grants: GrantSource) =>
      createTestService({
        knex: db,
        sim,
        entities: loadDemoEntities(),
        grants,
        now: () => clock,
        lease: { owner, heartbeatMs: 20 },
      });
    const a = await make(
      knex,
      'replica-a',
      grantsOfA ?? new StaticGrantSource(DEMO_GRANTS),
    );
    const b = await make(
      secondPool(knex),
      'replica-b',
      new StaticGrantSource(DEMO_GRANTS),
    );
    return { knex, a, b };
  }

  it.each(databases.eachSupportedId())(
    'joins a second re-check of one entity to the first, and checks permission, on %p',
    async databaseId => {
      const gated = new GatedGrantSource();
      const { a } = await replicas(databaseId, gated);
      const developer = {
        credentials: mockCredentials.user('user:default/ana.assistant'),
      };
      const first = a.services.evaluations.evaluateEntityNow(developer, WAIVED);
      await waitUntil(() => gated.entered);
      const second = a.services.evaluations.evaluateEntityNow(
        developer,
        'Component:Default/Vision-Embedding-Service',
      );
      gated.release();
      const [one, two] = await Promise.all([first, second]);
      expect(one).toEqual(
        expect.objectContaining({ mode: 'entities', evaluated: 1 }),
      );
      expect(two).toEqual(one);
      expect(gated.calls).toBe(1);
      // Once done, a new re-check reads again.
      await a.services.evaluations.evaluateEntityNow(developer, WAIVED);
      expect(gated.calls).toBe(2);
      // The permission is asked before anything is read.
      const denied = await createTestService({
        knex: await databases.init(databaseId),
        sim,
        entities: loadDemoEntities(),
        grants: gated,
        now: () => clock,
        permissions: mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        }),
      });
      await expect(
        denied.services.evaluations.evaluateEntityNow(developer, WAIVED),
      ).rejects.toThrow(/not allowed to re-check compliance/);
      expect(gated.calls).toBe(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'runs one evaluation at a time across replicas, on %p',
    async databaseId => {
      const gated = new GatedGrantSource();
      const { a, b } = await replicas(databaseId, gated);

      const first = a.services.evaluations.runFull();
      await waitUntil(() => gated.entered);
      const [running] = await b.store.runs.list(5);
      expect(running).toMatchObject({
        status: 'running',
        owner: 'replica-a',
        mode: 'full',
        trigger: 'schedule',
      });
      await expect(b.services.evaluations.runFull()).rejects.toBeInstanceOf(
        EvaluationInProgressError,
      );
      await expect(
        b.services.evaluations.evaluateNow(approver),
      ).rejects.toThrow(/A compliance evaluation is already running \(full/);

      gated.release();
      const summary = await first;
      expect(summary.evaluated).toBeGreaterThan(10);
      const runs = await b.store.runs.list(5);
      expect(runs).toEqual([
        expect.objectContaining({
          status: 'succeeded',
          owner: 'replica-a',
          evaluated: summary.evaluated,
          finishedAt: clock.toISOString(),
        }),
      ]);
      // Once it ended, the other replica runs.
      await expect(b.services.evaluations.runIncremental()).resolves.toEqual(
        expect.objectContaining({ mode: 'incremental', evaluated: 0 }),
      );
      expect((await b.store.runs.list(5)).map(r => r.status)).toEqual([
        'succeeded',
        'succeeded',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'fails a run whose process stopped and runs in its place, on %p',
    async databaseId => {
      const { b } = await replicas(databaseId);
      const minuteAgo = new Date(clock.getTime() - 60_000).toISOString();
      expect(
        await b.store.runs.claim(
          {
            id: 'b0000000-0000-4000-8000-000000000001',
            mode: 'full',
            trigger: 'schedule',
            owner: 'replica-dead',
            startedAt: minuteAgo,
          },
          minuteAgo,
        ),
      ).toEqual({ claimed: true });
      // Its heartbeat is 60 s old; a live run renews every 5 s.
      const summary = await b.services.evaluations.runFull();
      expect(summary.evaluated).toBeGreaterThan(10);
      const runs = await b.store.runs.list(5);
      expect(runs).toEqual([
        expect.objectContaining({ owner: 'replica-b', status: 'succeeded' }),
        expect.objectContaining({
          id: 'b0000000-0000-4000-8000-000000000001',
          status: 'failed',
          finishedAt: clock.toISOString(),
          error: `the backend process running it (replica-dead) stopped, last seen at ${minuteAgo}`,
        }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a waiver granted on one replica through a run on the other, on %p',
    async databaseId => {
      const { a, b } = await replicas(databaseId);
      await a.services.evaluations.runFull();
      const waiver = await a.services.waivers.createWaiver(approver, {
        entityRef: WAIVED,
        checkId: CHECK,
        justification: 'Ingress is limited by the service mesh until Q1',
        expiresAt: '2026-12-01T00:00:00.000Z',
      });

      await b.services.evaluations.runFull();

      for (const replica of [a, b]) {
        const result = await replica.services.scorecards.entity(
          approver,
          WAIVED,
        );
        expect(result.checks.find(c => c.checkId === CHECK)).toEqual(
          expect.objectContaining({ status: 'waived', waiverId: waiver.id }),
        );
      }
    },
  );
});

async function waitUntil(check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  if (!check()) throw new Error('condition never became true');
}
