import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { ClusterSim, startClusterSim } from '@ai-platform/cluster-sim';
import { createTestDatabases } from '@ai-platform/test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadDemoEntities } from '../../__testUtils__/demoCatalog';
import { createTestService } from '../../__testUtils__/createTestService';
import {
  DEMO_GRANTS,
  StaticGrantSource,
} from '../../__testUtils__/StaticGrantSource';
import { StoredEntity, StoredScore } from '../../database/types';
import { GroupRollups } from '../GroupRollups';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const approver = {
  credentials: mockCredentials.user('user:default/priya.platform'),
};
const MOVED = 'component:default/vision-embedding-service';

/**
 * The roll-up as it was computed before the database summed scores: every
 * entity score walked in JavaScript. Kept here as the reference the SQL
 * sums must agree with.
 */
function legacyRollUp(
  entities: StoredEntity[],
  scores: StoredScore[],
  groupsAbove: (groupRef: string) => string[],
) {
  const byRef = new Map(entities.map(e => [e.entityRef, e]));
  const acc = new Map<string, { sum: number; n: number; entities: number }>();
  const add = (subject: string, frameworkId: string, score: number | null) => {
    const key = `${subject}\u0000${frameworkId}`;
    const a = acc.get(key) ?? { sum: 0, n: 0, entities: 0 };
    a.entities++;
    if (score !== null) {
      a.sum += score;
      a.n++;
    }
    acc.set(key, a);
  };
  for (const s of scores) {
    const entity = byRef.get(s.entityRef);
    if (!entity) continue;
    if (entity.kind === 'system') add(entity.entityRef, s.frameworkId, s.score);
    else if (entity.systemRef) add(entity.systemRef, s.frameworkId, s.score);
    const owner = entity.ownerRef;
    if (!owner?.startsWith('group:')) continue;
    for (const group of [owner, ...groupsAbove(owner)])
      add(group, s.frameworkId, s.score);
  }
  return [...acc.entries()].map(([key, a]) => {
    const [subjectRef, frameworkId] = key.split('\u0000');
    return {
      subjectRef,
      frameworkId,
      score: a.n ? Math.round((a.sum / a.n) * 10) / 10 : null,
      entities: a.entities,
    };
  });
}

const byKey = (a: { subjectRef: string; frameworkId: string }) =>
  `${a.subjectRef} ${a.frameworkId}`;
const sorted = <T extends { subjectRef: string; frameworkId: string }>(
  rows: T[],
) => [...rows].sort((a, b) => byKey(a).localeCompare(byKey(b)));

describe('changed entities: skipped when unchanged, re-scored one by one', () => {
  let sim: ClusterSim;

  beforeAll(async () => {
    sim = await startClusterSim({ metrics: false });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    let clock = new Date('2026-11-22T06:00:00.000Z');
    const entities: Entity[] = loadDemoEntities();
    const grants = new StaticGrantSource(DEMO_GRANTS);
    const context = await createTestService({
      knex,
      sim,
      entities,
      grants,
      now: () => clock,
    });
    const catalog = catalogServiceMock({ entities });
    const groupTree = CatalogGroupTree.create({
      catalog,
      auth: mockServices.auth(),
      ttlMs: 0,
    });
    /** The SQL roll-ups next to the legacy JavaScript ones over the same rows. */
    const bothRollups = async () => {
      const above = async (ref: string) =>
        (await groupTree.ancestors(ref)).filter(r => r.startsWith('group:'));
      const stored = await context.store.listEntities();
      const ancestors = new Map<string, string[]>();
      for (const e of stored)
        if (e.ownerRef?.startsWith('group:') && !ancestors.has(e.ownerRef))
          ancestors.set(e.ownerRef, await above(e.ownerRef));
      const legacy = legacyRollUp(
        stored,
        await context.store.listScores(),
        ref => ancestors.get(ref) ?? [],
      );
      const sql = await GroupRollups.create({
        store: context.store,
        groupTree,
      }).compute();
      return { legacy: sorted(legacy), sql: sorted(sql) };
    };
    return {
      ...context,
      entities,
      grants,
      bothRollups,
      advance: (ms: number) => {
        clock = new Date(clock.getTime() + ms);
      },
      now: () => clock,
    };
  }

  it.each(databases.eachSupportedId())(
    'skips entities whose facts did not change in a second full run and renews their times, on %p',
    async databaseId => {
      const { services, store, advance, now, entities } = await setUp(
        databaseId,
      );
      const first = await services.evaluations.runFull();
      expect(first.evaluated).toBeGreaterThan(10);
      const results = await store.listResults();

      advance(3_600_000);
      const second = await services.evaluations.runFull();
      expect(second).toEqual(
        expect.objectContaining({
          mode: 'full',
          evaluated: 0,
          unchanged: first.evaluated,
        }),
      );
      const entity = (await store.getEntity(MOVED))!;
      expect(entity.evaluatedAt).toBe(now().toISOString());
      expect((await store.getFacts(MOVED)).map(f => f.collectedAt)).toContain(
        now().toISOString(),
      );
      // Nothing changed, so every result is the same, now dated this run.
      expect(await store.listResults()).toEqual(
        results.map(r => ({ ...r, evaluatedAt: now().toISOString() })),
      );

      // A changed fact re-evaluates that entity only.
      const target = entities.find(
        e => e.metadata.name === 'vision-embedding-service',
      )!;
      target.metadata.description = undefined;
      const third = await services.evaluations.runFull();
      expect(third).toEqual(
        expect.objectContaining({
          evaluated: 1,
          unchanged: first.evaluated - 1,
        }),
      );
      const card = await services.scorecards.entity(approver, MOVED);
      expect(
        card.checks.find(c => c.checkId === 'catalog-description-set')?.status,
      ).toBe('fail');
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls scores up in SQL exactly as the JavaScript roll-up did, on %p',
    async databaseId => {
      const { services, bothRollups } = await setUp(databaseId);
      await services.evaluations.runFull();
      const { legacy, sql } = await bothRollups();
      expect(legacy.length).toBeGreaterThan(10);
      expect(sql).toEqual(legacy);
    },
  );

  it.each(databases.eachSupportedId())(
    're-scores one changed entity and its old and new teams without a run, and removes one gone, on %p',
    async databaseId => {
      const { services, entities, bothRollups, store } = await setUp(
        databaseId,
      );
      await services.evaluations.runFull();
      const team = async (ref: string) =>
        (await services.rollups.subject(approver, ref)).find(
          r => r.frameworkId === 'soc2',
        );
      const oldTeam = (await store.getEntity(MOVED))!.ownerRef!;
      const newTeam = 'group:default/recommendations';
      expect(oldTeam).not.toBe(newTeam);
      const before = { old: await team(oldTeam), new: await team(newTeam) };

      const target = entities.find(
        e => e.metadata.name === 'vision-embedding-service',
      )!;
      target.spec = { ...target.spec, owner: 'recommendations' };
      target.metadata.description = undefined;
      const summary = await services.evaluations.evaluateEntities([MOVED]);
      expect(summary).toEqual(
        expect.objectContaining({ mode: 'entities', evaluated: 1, removed: 0 }),
      );

      const card = await services.scorecards.entity(approver, MOVED);
      expect(
        card.checks.find(c => c.checkId === 'catalog-description-set')?.status,
      ).toBe('fail');
      expect((await team(oldTeam))!.entities).toBe(before.old!.entities - 1);
      expect((await team(newTeam))!.entities).toBe(before.new!.entities + 1);
      // The roll-ups kept in SQL agree with every score walked again.
      const { legacy, sql } = await bothRollups();
      expect(sql).toEqual(legacy);

      // An entity gone from the catalog (renamed, so its ref is gone) goes
      // from the results and roll-ups.
      target.metadata.name = 'vision-embedding-service-retired';
      const gone = await services.evaluations.evaluateEntities([MOVED]);
      expect(gone).toEqual(expect.objectContaining({ removed: 1 }));
      expect(await store.getEntity(MOVED)).toBeUndefined();
      expect((await team(newTeam))!.entities).toBe(before.new!.entities);
      const after = await bothRollups();
      expect(after.sql).toEqual(after.legacy);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a re-check made while a run gathered its facts: the run writes back neither its older reading nor its older time, on %p',
    async databaseId => {
      const { services, store, grants, bothRollups, advance, now } =
        await setUp(databaseId);
      const assistant = 'component:default/assistant-api';
      const statusOf = async (checkId: string) =>
        (await services.scorecards.entity(approver, assistant)).checks.find(
          c => c.checkId === checkId,
        )?.status;
      await services.evaluations.runFull();
      expect(await statusOf('grants-restricted-on-allowed-clusters')).toBe(
        'fail',
      );
      expect(await statusOf('grants-justified-and-expiring')).toBe('pass');

      // The grant loses its justification; a run reads that, then waits.
      grants.grants = DEMO_GRANTS.map(g =>
        g.id === 'grant-assistant-dev' ? { ...g, justification: '' } : g,
      );
      advance(60_000);
      const held = grants.holdNextRead();
      const run = services.evaluations.runFull();
      await held.reached;

      // Meanwhile the owner releases the grant and re-checks.
      grants.grants = DEMO_GRANTS.filter(g => g.id !== 'grant-assistant-dev');
      advance(60_000);
      const recheckedAt = now().toISOString();
      await services.evaluations.evaluateEntities([assistant]);
      const rechecked = {
        restricted: await statusOf('grants-restricted-on-allowed-clusters'),
        justified: await statusOf('grants-justified-and-expiring'),
      };
      expect(rechecked).toEqual({
        restricted: 'not-applicable',
        justified: 'not-applicable',
      });

      held.release();
      expect((await run).mode).toBe('full');
      // The run read the grants before the re-check did: its reading of
      // this entity is older and does not replace the re-check's.
      expect({
        restricted: await statusOf('grants-restricted-on-allowed-clusters'),
        justified: await statusOf('grants-justified-and-expiring'),
      }).toEqual(rechecked);
      expect((await store.getEntity(assistant))!.evaluatedAt).toBe(recheckedAt);
      const { legacy, sql } = await bothRollups();
      expect(sql).toEqual(legacy);
    },
  );
});
