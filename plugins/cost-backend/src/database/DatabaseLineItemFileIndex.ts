import { Knex } from 'knex';
import { TABLES } from './tables';
import {
  LineItemFileIndex,
  LineItemFileSelection,
  LineItemFilter,
} from './types';

interface FileRow {
  file_name: string;
  first_line_item_id: string | number;
  line_numbered: boolean | number;
  line_items: string | number;
  provider: string;
  billing_account_id: string;
  billing_period: string;
}

/** `cost_line_item_files`: which Parquet file holds each billing period's line items. */
export class DatabaseLineItemFileIndex implements LineItemFileIndex {
  static create(options: { db: Knex }): DatabaseLineItemFileIndex {
    return new DatabaseLineItemFileIndex(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async currentFiles(filter: LineItemFilter): Promise<LineItemFileSelection[]> {
    // Files with a period that may hold line items of the range (and
    // provider); a file whose periods all lie outside it is not opened.
    const matching = this.db(TABLES.lineItemFiles)
      .distinct('file_name')
      .where(q =>
        q.whereNull('last_day').orWhere('last_day', '>=', filter.from),
      )
      .where(q =>
        q.whereNull('first_day').orWhere('first_day', '<=', filter.to),
      );
    if (filter.provider !== undefined) {
      matching.where('provider', filter.provider);
    }
    // Every current period of those files, so the reader can tell a file
    // none of whose periods was replaced (the query filters the days).
    const query = this.db(TABLES.lineItemFiles)
      .select(
        'file_name',
        this.db.raw('CAST(first_line_item_id AS TEXT) AS first_line_item_id'),
        'line_numbered',
        'line_items',
        'provider',
        'billing_account_id',
        'billing_period',
      )
      .whereIn('file_name', matching)
      .orderBy([
        'file_name',
        'provider',
        'billing_account_id',
        'billing_period',
      ]);
    const rows: FileRow[] = await query;
    const files = new Map<string, LineItemFileSelection>();
    for (const row of rows) {
      let file = files.get(row.file_name);
      if (!file) {
        file = {
          fileName: row.file_name,
          firstLineItemId: BigInt(row.first_line_item_id),
          lineNumbered: Boolean(row.line_numbered),
          periods: [],
          currentLineItems: 0,
        };
        files.set(row.file_name, file);
      }
      file.currentLineItems += Number(row.line_items);
      file.periods.push({
        provider: row.provider,
        account: row.billing_account_id,
        period: row.billing_period,
      });
    }
    return [...files.values()];
  }

  async referencedFiles(): Promise<Set<string>> {
    const rows: Array<{ file_name: string }> = await this.db(
      TABLES.lineItemFiles,
    ).distinct('file_name');
    return new Set(rows.map(r => r.file_name));
  }
}
