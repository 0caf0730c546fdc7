import type { Knex } from 'knex';

// Running unattended (issue 12):
// - xtiger_job_slots: one row per timed job slot claimed (a scheduled sync at 10:15, the daily report of 3 Dec),
//   so that two backends on one database run each slot once;
// - xtiger_report_outbox: e-mail reports waiting to be sent, sent or given up, with their attempts and back-off;
// - xtiger_webhook_events: Xero's webhook events as received, until a sync has taken them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_job_slots', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_bin');
    t.string('job', 60).notNullable();
    t.string('slot', 60).notNullable();
    t.string('claimed_by', 100).notNullable();
    t.datetime('claimed_at', { precision: 3 }).notNullable();
    t.primary(['job', 'slot']);
    t.index(['claimed_at'], 'xtiger_job_slots_claimed_at');
  });
  await knex.schema.createTable('xtiger_report_outbox', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.bigIncrements('id').primary();
    // run (a report of one sync run) | digest (daily, weekly, monthly)
    t.string('kind', 10).notNullable();
    t.string('run_id', 64).nullable();
    t.string('frequency', 10).nullable();
    t.datetime('period_from', { precision: 3 }).nullable();
    t.datetime('period_to', { precision: 3 }).nullable();
    // pending, sent, failed (gave up), not_required (no report wanted), digest (a run left for the digest)
    t.string('status', 20).notNullable();
    t.integer('attempts').unsigned().notNullable().defaultTo(0);
    t.datetime('next_attempt_at', { precision: 3 }).notNullable();
    t.text('last_error').nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('sent_at', { precision: 3 }).nullable();
    t.unique(['kind', 'run_id'], { indexName: 'xtiger_report_outbox_run' });
    t.index(['status', 'next_attempt_at'], 'xtiger_report_outbox_due');
  });
  await knex.schema.createTable('xtiger_webhook_events', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_bin');
    t.bigIncrements('id').primary();
    t.string('tenant_id', 64).notNullable();
    // CONTACT | INVOICE
    t.string('category', 20).notNullable();
    t.string('resource_id', 64).notNullable();
    t.string('event_type', 20).notNullable();
    t.datetime('event_at', { precision: 3 }).nullable();
    t.datetime('received_at', { precision: 3 }).notNullable();
    t.datetime('taken_at', { precision: 3 }).nullable();
    t.index(['taken_at', 'id'], 'xtiger_webhook_events_open');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['xtiger_webhook_events', 'xtiger_report_outbox', 'xtiger_job_slots']) await knex.schema.dropTableIfExists(table);
}
