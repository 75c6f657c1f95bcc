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
    const query = this.db(TABLES.lineItemFiles)
      .select(
        'file_name',
        this.db.raw('CAST(first_line_item_id AS TEXT) AS first_line_item_id'),
        'line_numbered',
        'provider',
        'billing_account_id',
        'billing_period',
      )
      // A period whose line items all fall outside the range is not opened.
      .where(q =>
        q.whereNull('last_day').orWhere('last_day', '>=', filter.from),
      )
      .where(q =>
        q.whereNull('first_day').orWhere('first_day', '<=', filter.to),
      )
      .orderBy([
        'file_name',
        'provider',
        'billing_account_id',
        'billing_period',
      ]);
    if (filter.provider !== undefined) query.where('provider', filter.provider);
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
        };
        files.set(row.file_name, file);
      }
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
