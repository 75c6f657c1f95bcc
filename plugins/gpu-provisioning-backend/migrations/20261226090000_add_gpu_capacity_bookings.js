// @ts-check

/**
 * `gpu_capacity_bookings` counts the quota-holding reservations of each
 * class (quota key) on each cluster, across teams. While it is zero an
 * immediate request keeps its one conditional statement; otherwise it must
 * fit the cluster's capacity beside the bookings, under the lock bookings
 * take. Filled from the reservations already booked.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gpu_capacity_bookings', table => {
    table.text('cluster').notNullable();
    table.text('quota_key').notNullable();
    table
      .integer('scheduled')
      .notNullable()
      .defaultTo(0)
      .comment('Quota-holding reservations of the class on the cluster');
    table.primary(['cluster', 'quota_key']);
  });
  /** @type {Array<{ cluster: string; quota_key: string; scheduled: number | string }>} */
  const booked = await knex('gpu_requests')
    .whereNotNull('start_at')
    .whereIn('status', [
      'pending-approval',
      'approved',
      'provisioning',
      'active',
    ])
    .groupBy('cluster', 'quota_key')
    .select('cluster', 'quota_key')
    .count({ scheduled: '*' });
  if (booked.length) {
    await knex('gpu_capacity_bookings').insert(
      booked.map(row => ({
        cluster: row.cluster,
        quota_key: row.quota_key,
        scheduled: Number(row.scheduled),
      })),
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gpu_capacity_bookings');
};
