import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@ai-platform/test-utils';
import { DatabaseComplianceStore } from './DatabaseComplianceStore';
import { EntityEvaluation, ScoreSum, StoredEntity, StoredScore } from './types';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const GROUPS = ['group:default/a', 'group:default/b', 'group:default/c'];
const OWNERS = [...GROUPS, 'user:default/u', undefined];
const SYSTEMS = ['system:default/s1', 'system:default/s2', undefined];
const FRAMEWORKS = ['soc2', 'hipaa', 'iso27001'];
/** Few entities, so moves empty and refill subjects often; systems among them. */
const REFS = [
  ...Array.from({ length: 14 }, (_, i) => `component:default/c${i}`),
  'api:default/api',
  'resource:default/bucket',
  'system:default/s1',
  'system:default/s2',
  // A group scored like any entity, which the group upsert must not move.
  'group:default/b',
];
const STEPS = 80;

/** A small seeded generator, so a failing sequence can be replayed. */
function random(seed: number) {
  let s = seed;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  /** One to `most` distinct items. */
  const some = <T>(items: T[], most: number): T[] => [
    ...new Set(
      Array.from({ length: 1 + Math.floor(next() * most) }, () => pick(items)),
    ),
  ];
  return { next, pick, some };
}

type Random = ReturnType<typeof random>;

function entityOf(rng: Random, ref: string): StoredEntity {
  const kind = ref.slice(0, ref.indexOf(':'));
  return {
    entityRef: ref,
    kind,
    ownerRef: rng.pick(OWNERS),
    // A system's own system does not count: it sums for itself.
    systemRef: rng.pick(SYSTEMS),
    hash: `h${rng.next()}`,
  };
}

function evaluationOf(rng: Random, entity: StoredEntity): EntityEvaluation {
  return {
    entity,
    facts: [],
    results: [],
    // Some frameworks left out, some scores null (no applicable check).
    scores: FRAMEWORKS.filter(() => rng.next() < 0.8).map(frameworkId => {
      const score =
        rng.next() < 0.2 ? null : Math.round(rng.next() * 1000) / 10;
      return {
        frameworkId,
        score,
        level: null,
        passed: 1,
        failed: 0,
        waived: 0,
        unknown: 0,
        notApplicable: 0,
      };
    }),
  };
}

/** The sums a recompute from every stored row gives, as the store reads them. */
function recomputed(
  entities: StoredEntity[],
  scores: StoredScore[],
): Record<'owner' | 'system', ScoreSum[]> {
  const byRef = new Map(entities.map(e => [e.entityRef, e]));
  const sums = {
    owner: new Map<string, ScoreSum>(),
    system: new Map<string, ScoreSum>(),
  };
  const add = (by: 'owner' | 'system', subjectRef: string, s: StoredScore) => {
    const key = `${subjectRef} ${s.frameworkId}`;
    const sum = sums[by].get(key) ?? {
      subjectRef,
      frameworkId: s.frameworkId,
      tenths: 0,
      scored: 0,
      entities: 0,
    };
    sum.entities++;
    if (s.score !== null) {
      sum.tenths += Math.round(s.score * 10);
      sum.scored++;
    }
    sums[by].set(key, sum);
  };
  for (const s of scores) {
    const e = byRef.get(s.entityRef);
    if (!e) continue;
    if (e.ownerRef?.startsWith('group:')) add('owner', e.ownerRef, s);
    const system = e.kind === 'system' ? e.entityRef : e.systemRef;
    if (system) add('system', system, s);
  }
  return { owner: [...sums.owner.values()], system: [...sums.system.values()] };
}

const ordered = (sums: ScoreSum[]) =>
  [...sums].sort((x, y) =>
    `${x.subjectRef} ${x.frameworkId}` < `${y.subjectRef} ${y.frameworkId}`
      ? -1
      : 1,
  );

describe('score sums kept by delta', () => {
  it.each(databases.eachSupportedId())(
    'equal a recompute after every random write, removal, owner move, system move and group upsert, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseComplianceStore.create({
        database: mockServices.database({ knex }),
      });
      const rng = random(17);
      const stored = new Map<string, StoredEntity>();
      const moved = (ref: string, change: Partial<StoredEntity>) => ({
        ...(stored.get(ref) ?? entityOf(rng, ref)),
        ...change,
        hash: `h${rng.next()}`,
      });
      const steps: Record<string, () => Promise<unknown>> = {
        write: () =>
          store.writeEvaluations(
            rng.some(REFS, 4).map(ref => evaluationOf(rng, entityOf(rng, ref))),
          ),
        // Slices of one transaction, an entity possibly in more than one.
        stream: () =>
          store.writeEvaluationStream(
            (async function* slices() {
              for (let i = 0; i < 3; i++)
                yield rng
                  .some(REFS, 3)
                  .map(ref => evaluationOf(rng, entityOf(rng, ref)));
            })(),
          ),
        remove: () => store.removeEntities(rng.some(REFS, 3)),
        moveOwner: () => {
          const ref = rng.pick(REFS);
          return store.writeEvaluations([
            evaluationOf(rng, moved(ref, { ownerRef: rng.pick(OWNERS) })),
          ]);
        },
        moveSystem: () => {
          const ref = rng.pick(REFS);
          return store.writeEvaluations([
            evaluationOf(rng, moved(ref, { systemRef: rng.pick(SYSTEMS) })),
          ]);
        },
        // What a run stores for the groups: titles only.
        upsertGroups: () =>
          store.upsertEntities(
            GROUPS.map(ref => ({
              entityRef: ref,
              kind: 'group',
              title: `Team ${rng.next()}`,
              hash: '',
            })),
          ),
      };
      const names = Object.keys(steps);
      const seen = new Set<string>();
      let subjects = new Set<string>();
      let emptiedSteps = 0;
      for (let step = 0; step < STEPS; step++) {
        const name = rng.pick(names);
        await steps[name]();
        seen.add(name);
        stored.clear();
        const entities = await store.listEntities();
        for (const e of entities) stored.set(e.entityRef, e);
        const expected = recomputed(entities, await store.listScores());
        const actual = {
          owner: await store.scoreSums('owner'),
          system: await store.scoreSums('system'),
        };
        expect({ step, name, owner: ordered(actual.owner) }).toEqual({
          step,
          name,
          owner: ordered(expected.owner),
        });
        expect({ step, name, system: ordered(actual.system) }).toEqual({
          step,
          name,
          system: ordered(expected.system),
        });
        const now = new Set(
          [...actual.owner, ...actual.system].map(
            s => `${s.subjectRef} ${s.frameworkId}`,
          ),
        );
        if ([...subjects].some(key => !now.has(key))) emptiedSteps++;
        subjects = now;
      }
      // The sequence did each kind of step and emptied subjects on the way.
      expect([...seen].sort()).toEqual([...names].sort());
      expect(emptiedSteps).toBeGreaterThan(5);
    },
  );
});
