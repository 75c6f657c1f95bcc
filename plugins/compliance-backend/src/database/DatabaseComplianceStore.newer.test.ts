import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@ai-platform/test-utils';
import { DatabaseComplianceStore } from './DatabaseComplianceStore';
import { EntityEvaluation } from './types';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const REF = 'component:default/payments';
const TEAM = 'group:default/payments-team';
const EARLIER = '2026-12-05T10:00:00.000Z';
const LATER = '2026-12-05T10:01:00.000Z';

/** An evaluation of {@link REF} at `evaluatedAt`, scoring `score` in soc2. */
function evaluation(evaluatedAt: string, score: number): EntityEvaluation {
  return {
    entity: {
      entityRef: REF,
      kind: 'component',
      ownerRef: TEAM,
      hash: `h-${score}`,
      inputsHash: `i-${score}`,
      evaluatedAt,
    },
    facts: [
      {
        retriever: 'catalog',
        collectedAt: evaluatedAt,
        values: { score },
      },
    ],
    results: [],
    scores: [
      {
        frameworkId: 'soc2',
        score,
        level: null,
        passed: 1,
        failed: 0,
        waived: 0,
        unknown: 0,
        notApplicable: 0,
      },
    ],
  };
}

async function storeOn(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseComplianceStore.create({
    database: mockServices.database({ knex }),
  });
  const team = async () =>
    (await store.scoreSums('owner')).find(s => s.subjectRef === TEAM);
  return { store, team };
}

describe('DatabaseComplianceStore keeps the newer evaluation', () => {
  it.each(databases.eachSupportedId())(
    'does not write an evaluation older than the stored one, and says so, on %p',
    async databaseId => {
      const { store, team } = await storeOn(databaseId);
      expect(await store.writeEvaluations([evaluation(LATER, 90)])).toEqual([]);
      expect(await store.writeEvaluations([evaluation(EARLIER, 40)])).toEqual([
        REF,
      ]);
      expect((await store.getEntity(REF))?.evaluatedAt).toBe(LATER);
      expect((await store.getScores(REF)).map(s => s.score)).toEqual([90]);
      expect((await store.getFacts(REF)).map(f => f.values)).toEqual([
        { score: 90 },
      ]);
      expect(await team()).toEqual(
        expect.objectContaining({ tenths: 900, scored: 1, entities: 1 }),
      );
      // The same time again is not older: it is written.
      expect(await store.writeEvaluations([evaluation(LATER, 70)])).toEqual([]);
      expect(await team()).toEqual(expect.objectContaining({ tenths: 700 }));
    },
  );

  it.each(databases.eachSupportedId())(
    'renews times only of entities not evaluated since, on %p',
    async databaseId => {
      const { store } = await storeOn(databaseId);
      await store.writeEvaluations([evaluation(LATER, 90)]);
      await store.markUnchanged({
        entityRefs: [REF],
        evaluatedAt: EARLIER,
        collected: [
          { retriever: 'catalog', collectedAt: EARLIER, entityRefs: [REF] },
        ],
      });
      expect((await store.getEntity(REF))?.evaluatedAt).toBe(LATER);
      expect((await store.getScores(REF))[0].evaluatedAt).toBe(LATER);
      expect((await store.getFacts(REF))[0].collectedAt).toBe(LATER);

      const latest = '2026-12-05T10:02:00.000Z';
      await store.markUnchanged({
        entityRefs: [REF],
        evaluatedAt: latest,
        collected: [
          { retriever: 'catalog', collectedAt: latest, entityRefs: [REF] },
        ],
      });
      expect((await store.getEntity(REF))?.evaluatedAt).toBe(latest);
      expect((await store.getFacts(REF))[0].collectedAt).toBe(latest);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps an entity evaluated after the catalog was read without it, on %p',
    async databaseId => {
      const { store, team } = await storeOn(databaseId);
      await store.writeEvaluations([evaluation(LATER, 90)]);
      await store.removeEntities([REF], EARLIER);
      expect(await store.getEntity(REF)).toBeDefined();
      expect(await team()).toEqual(expect.objectContaining({ entities: 1 }));

      await store.removeEntities([REF], '2026-12-05T10:02:00.000Z');
      expect(await store.getEntity(REF)).toBeUndefined();
      expect(await team()).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves the newer of two evaluations written at once, with sums that agree, on %p',
    async databaseId => {
      const { store, team } = await storeOn(databaseId);
      await store.writeEvaluations([evaluation(EARLIER, 10)]);
      // A run's long transaction and a re-check, in both orders of arrival.
      for (const [first, second] of [
        [evaluation(EARLIER, 40), evaluation(LATER, 90)],
        [evaluation(LATER, 80), evaluation(EARLIER, 30)],
      ]) {
        const slow = store.writeEvaluationStream(
          (async function* run() {
            yield [first];
            await new Promise(resolve => setTimeout(resolve, 50));
          })(),
        );
        await new Promise(resolve => setTimeout(resolve, 10));
        await Promise.all([slow, store.writeEvaluations([second])]);
        const newer =
          first.entity.evaluatedAt! > second.entity.evaluatedAt!
            ? first
            : second;
        expect((await store.getScores(REF)).map(s => s.score)).toEqual([
          newer.scores[0].score,
        ]);
        expect(await team()).toEqual(
          expect.objectContaining({
            tenths: newer.scores[0].score! * 10,
            scored: 1,
            entities: 1,
          }),
        );
      }
    },
  );
});
