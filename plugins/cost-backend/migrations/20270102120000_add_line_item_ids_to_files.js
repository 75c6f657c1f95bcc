// @ts-check

/**
 * Drill-down pages the line items of the database and of the Parquet files
 * in one (day, id) order, so a Parquet line item needs an id from the same
 * sequence as `cost_line_items.id`: an ingest reserves a block of that
 * sequence for its file, and a line item's id is `first_line_item_id` plus
 * its line number in the CSV file minus one (`line_numbered`), the same
 * order the JavaScript path inserts in. `first_day` and `last_day` bound the days of
 * a period's line items, so a drill-down opens only the files it needs.
 *
 * Files written before this migration have no line numbers; they get a
 * block of 2^32 ids each (no ingest writes a file of more rows), and their
 * ids follow the Parquet file's row order.
 * The sequence is moved here with the engine's own statements; this copy
 * of that logic stays as it is even when src/database changes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cost_line_item_files', table => {
    table
      .bigInteger('first_line_item_id')
      .nullable()
      .comment('Id of the line number 1 (or file row 0) of the file');
    table
      .boolean('line_numbered')
      .notNullable()
      .defaultTo(false)
      .comment(
        'The file has line_number (file order); else ids follow its row order',
      );
    table.string('first_day', 10).nullable();
    table.string('last_day', 10).nullable();
  });
  const files = await knex('cost_line_item_files')
    .distinct('file_name')
    .orderBy('file_name');
  const block = 2n ** 32n;
  for (const { file_name: fileName } of files) {
    const first = await reserve(knex, block);
    await knex('cost_line_item_files')
      .where({ file_name: fileName })
      .update({ first_line_item_id: String(first) });
  }
};

/**
 * Reserves `count` ids of `cost_line_items.id`; returns the first.
 *
 * @param {import('knex').Knex} knex
 * @param {bigint} count
 */
async function reserve(knex, count) {
  if (knex.client.config.client === 'pg') {
    const { rows } = await knex.raw(
      `SELECT setval(pg_get_serial_sequence('cost_line_items', 'id'),
         nextval(pg_get_serial_sequence('cost_line_items', 'id')) + ?::bigint - 1)::text AS last`,
      [String(count)],
    );
    return BigInt(rows[0].last) - count + 1n;
  }
  const [{ top }] = await knex.raw(
    `SELECT CAST(max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'cost_line_items'), 0),
       coalesce((SELECT max(id) FROM cost_line_items), 0)) AS TEXT) AS top`,
  );
  const last = String(BigInt(top) + count);
  // sqlite_sequence has no column types: the value is cast, or it stays text.
  await knex.raw(
    `UPDATE sqlite_sequence SET seq = CAST(? AS INTEGER) WHERE name = 'cost_line_items'`,
    [last],
  );
  if (
    !(await knex('sqlite_sequence')
      .first('name')
      .where({ name: 'cost_line_items' }))
  ) {
    await knex.raw(
      `INSERT INTO sqlite_sequence (name, seq) VALUES ('cost_line_items', CAST(? AS INTEGER))`,
      [last],
    );
  }
  return BigInt(top) + 1n;
}

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cost_line_item_files', table => {
    table.dropColumn('first_line_item_id');
    table.dropColumn('line_numbered');
    table.dropColumn('first_day');
    table.dropColumn('last_day');
  });
};
