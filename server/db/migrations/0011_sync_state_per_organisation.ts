import type { Knex } from 'knex';

// Sync state belongs to one Xero organisation (links, checkpoints and cursors, open XTQueue entries, the Xero ids
// on Vtiger records, the chart of accounts in XeroAccounts). The state in the live tables is the state of the
// organisation named by the setting `sync.state_tenant`; connecting another organisation parks it here (as JSON
// rows, so later columns of the live tables survive a park and restore) and restores that organisation's own
// parked state, if any (server/xero/connection/syncStateSwitch.ts).
// Also: the id under which "sync now" answers a run before it has begun (asynchronous runs, GET /api/sync/runs/:id).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_parked_sync_state', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_bin');
    t.bigIncrements('id').primary();
    t.string('tenant_id', 64).notNullable();
    // link, invoice_link, checkpoint, setting, queue, xero_info, xero_account
    t.string('kind', 20).notNullable();
    t.text('payload', 'mediumtext').notNullable();
    t.datetime('parked_at', { precision: 3 }).notNullable();
    t.index(['tenant_id', 'kind'], 'xtiger_parked_sync_state_tenant_kind');
  });
  await knex.schema.alterTable('xtiger_sync_runs', (t) => {
    t.string('job_id', 64).nullable();
    t.unique(['job_id'], { indexName: 'xtiger_sync_runs_job_id' });
  });
  // Existing state belongs to the organisation connected now (if any).
  const current = (await knex('xtiger_xero_connections').whereNot({ status: 'disconnected' }).whereNotNull('tenant_id').orderBy('id', 'desc').first('tenant_id')) as
    | { tenant_id: string }
    | undefined;
  if (current) {
    await knex('xtiger_settings')
      .insert({ name: 'sync.state_tenant', value: JSON.stringify({ tenantId: current.tenant_id }), is_secret: false, updated_at: knex.fn.now() })
      .onConflict('name')
      .ignore();
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('xtiger_sync_runs', (t) => {
    t.dropUnique(['job_id'], 'xtiger_sync_runs_job_id');
    t.dropColumn('job_id');
  });
  await knex.schema.dropTableIfExists('xtiger_parked_sync_state');
  await knex('xtiger_settings').where({ name: 'sync.state_tenant' }).delete();
}
