import type { Knex } from 'knex';

// The operations log of sync runs started by an entry point (CLI, HTTP "sync now", the schedule): who asked for
// what, when it started and ended, its counts per module or why it failed. `xtiger status` and
// GET /api/sync/runs/:runId read it; per-record detail stays in XTLog.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_sync_runs', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.bigIncrements('id').primary();
    // The engine's run id (XTLog's Run Id); known once the run has returned.
    t.string('run_id', 64).nullable();
    t.string('trigger', 20).notNullable();
    // cli, http, schedule
    t.string('entry_point', 20).notNullable();
    t.boolean('dry_run').notNullable();
    // running, finished, failed
    t.string('status', 20).notNullable();
    t.text('request', 'mediumtext').notNullable();
    t.text('counts', 'mediumtext').nullable();
    t.string('error_code', 40).nullable();
    t.text('error_message').nullable();
    t.integer('requested_by').unsigned().nullable();
    // MariaDB connection holding the run's locks: a 'running' row whose connection is gone was interrupted.
    t.bigInteger('lock_connection_id').unsigned().nullable();
    t.datetime('started_at', { precision: 3 }).notNullable();
    t.datetime('finished_at', { precision: 3 }).nullable();
    t.unique(['run_id'], { indexName: 'xtiger_sync_runs_run_id' });
    t.index(['started_at'], 'xtiger_sync_runs_started_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('xtiger_sync_runs');
}
