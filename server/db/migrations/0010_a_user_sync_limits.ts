import type { Knex } from 'knex';

// Per-user limits on "sync now" (server/http/auth/syncNowLimits.ts): a token bucket per user (tokens left and when
// it was last filled) and the Xero calls the user's syncs were charged on one UTC day. In the database so every
// backend process shares them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_user_sync_limits', (t) => {
    t.integer('user_id').unsigned().primary();
    t.double('bucket_tokens').notNullable();
    t.bigInteger('bucket_at_ms').notNullable();
    t.string('budget_day', 10).notNullable();
    t.integer('budget_used').unsigned().notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('xtiger_user_sync_limits');
}
