import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@ai-platform/test-utils';
import { Knex } from 'knex';
import { BatchedLedgerReads } from './BatchedLedgerReads';
import { DatabaseGrantStore } from './DatabaseGrantStore';
import { LEDGER } from './requestRows';
import { statementsOf } from './__testUtils__/statementsOf';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const nextTurn = () => new Promise(resolve => setImmediate(resolve));

describe.each(databases.eachSupportedId())('BatchedLedgerReads on %p', id => {
  let knex: Knex;
  beforeEach(async () => {
    knex = await databases.init(id);
    // The store's migrations create the ledger table.
    await DatabaseGrantStore.create({
      database: mockServices.database({ knex }),
    });
    await knex(LEDGER).insert([
      {
        team: 'group:default/vision',
        quota_key: 'h100',
        reserved: 6,
        scheduled: 0,
      },
      {
        team: 'group:default/vision',
        quota_key: 'h100/1g.10gb',
        reserved: 2,
        scheduled: 1,
      },
      {
        team: 'group:default/speech',
        quota_key: 'h100',
        reserved: 3,
        scheduled: 0,
      },
    ]);
  });

  it('answers the reads asked for in one turn with one statement, each its own row', async () => {
    const reads = new BatchedLedgerReads(knex);
    const { result, statements } = await statementsOf(knex, () =>
      Promise.all([
        reads.read('group:default/vision', 'h100'),
        reads.read('group:default/vision', 'h100/1g.10gb'),
        reads.read('group:default/speech', 'h100'),
        reads.read('group:default/vision', 'h100'),
        // No row yet: nothing reserved.
        reads.read('group:default/nlp', 'h100'),
      ]),
    );
    expect(result).toEqual([
      { reserved: 6, scheduled: 0 },
      { reserved: 2, scheduled: 1 },
      { reserved: 3, scheduled: 0 },
      { reserved: 6, scheduled: 0 },
      { reserved: 0, scheduled: 0 },
    ]);
    expect(statements).toBe(1);
  });

  it('never answers a read with a statement that started before it was asked for', async () => {
    const reads = new BatchedLedgerReads(knex);
    const first = reads.read('group:default/vision', 'h100');
    // The first batch's statement is sent at the end of this turn.
    await nextTurn();
    await knex(LEDGER)
      .where({ team: 'group:default/vision', quota_key: 'h100' })
      .update({ reserved: 7 });
    const second = reads.read('group:default/vision', 'h100');
    // The first read may see either value: its statement and the update race.
    await first;
    expect((await second).reserved).toBe(7);
  });

  it('sends a batch early when it holds 200 rows, and answers every read', async () => {
    const reads = new BatchedLedgerReads(knex);
    const { result, statements } = await statementsOf(knex, () =>
      Promise.all(
        Array.from({ length: 450 }, (_, i) =>
          reads.read(`group:default/team-${i}`, 'h100'),
        ),
      ),
    );
    expect(result).toHaveLength(450);
    expect(result.every(l => l.reserved === 0)).toBe(true);
    expect(statements).toBe(3);
  });

  it('fails every read of a batch whose statement fails', async () => {
    const reads = new BatchedLedgerReads(knex);
    await knex.schema.renameTable(LEDGER, 'gpu_quota_usage_moved');
    const failed = await Promise.allSettled([
      reads.read('group:default/vision', 'h100'),
      reads.read('group:default/speech', 'h100'),
    ]);
    expect(failed.map(f => f.status)).toEqual(['rejected', 'rejected']);
  });
});
