import { Knex } from 'knex';
import { chunks, whereInChunked } from './knexHelpers';
import { TABLES } from './tables';
import { ServingSplitRow, ServingSplitStore } from './types';

const SPLITS = TABLES.servingSplits;
const DAYS = TABLES.servingSplitDays;

/** Rows per insert: SQLite allows 500 terms in knex's compound SELECT. */
const BATCH_ROWS = 200;

/**
 * Model servers' daily GPU cost split by consuming team, replaced a day at
 * a time. Nano-units and token counts are bigint columns, written and read
 * as decimal text so no driver number rounds them.
 */
export class DatabaseServingSplitStore implements ServingSplitStore {
  static create(options: { db: Knex }): DatabaseServingSplitStore {
    return new DatabaseServingSplitStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async replaceServingDay(options: {
    day: string;
    rows: ServingSplitRow[];
    complete: boolean;
    servers: number;
    computedAt: string;
  }): Promise<void> {
    await this.db.transaction(async trx => {
      await trx(SPLITS).where({ day: options.day }).delete();
      await trx(DAYS).where({ day: options.day }).delete();
      for (const part of chunks(options.rows, BATCH_ROWS)) {
        await trx(SPLITS).insert(
          part.map(r => ({
            day: r.day,
            cluster: r.cluster,
            namespace: r.namespace,
            server_address: r.serverAddress,
            server_entity_ref: r.serverEntityRef,
            server_owner: r.serverOwner,
            consumer_team: r.consumerTeam,
            input_tokens: String(r.inputTokens),
            output_tokens: String(r.outputTokens),
            cost_nanos: String(r.costNanos),
            server_cost_nanos: String(r.serverCostNanos),
            currency: r.currency,
            split_method: r.splitMethod,
          })),
        );
      }
      if (options.complete) {
        await trx(DAYS).insert({
          day: options.day,
          computed_at: options.computedAt,
          servers: options.servers,
        });
      }
    });
  }

  async completeDays(from: string, to: string): Promise<string[]> {
    const rows = await this.db(DAYS)
      .select('day')
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day');
    return rows.map((r: { day: string }) => r.day);
  }

  async querySplits(filter: {
    from: string;
    to: string;
    teams?: string[];
  }): Promise<ServingSplitRow[]> {
    const query = this.db(SPLITS)
      .select(
        'day',
        'cluster',
        'namespace',
        'server_address',
        'server_entity_ref',
        'server_owner',
        'consumer_team',
        'currency',
        'split_method',
        this.db.raw('CAST(input_tokens AS TEXT) AS input_tokens'),
        this.db.raw('CAST(output_tokens AS TEXT) AS output_tokens'),
        this.db.raw('CAST(cost_nanos AS TEXT) AS cost_nanos'),
        this.db.raw('CAST(server_cost_nanos AS TEXT) AS server_cost_nanos'),
      )
      .where('day', '>=', filter.from)
      .where('day', '<=', filter.to)
      .orderBy([
        'day',
        'cluster',
        'namespace',
        'server_address',
        'consumer_team',
      ]);
    if (filter.teams) whereInChunked(query, 'consumer_team', filter.teams);
    const rows = await query;
    return rows.map((r: Record<string, any>) => ({
      day: r.day,
      cluster: r.cluster,
      namespace: r.namespace,
      serverAddress: r.server_address,
      serverEntityRef: r.server_entity_ref,
      serverOwner: r.server_owner,
      consumerTeam: r.consumer_team,
      inputTokens: BigInt(r.input_tokens),
      outputTokens: BigInt(r.output_tokens),
      costNanos: BigInt(r.cost_nanos),
      serverCostNanos: BigInt(r.server_cost_nanos),
      currency: r.currency,
      splitMethod: r.split_method,
    }));
  }
}
