import type { Knex } from 'knex';

// The sync engine's own state (server/sync): mapping versions, links between Vtiger records and Xero records
// with each side's content hash and snapshot as last synced, read checkpoints, and per-module sync settings.
// utf8mb4: snapshots hold Xero text, which may contain characters Vtiger's utf8 tables cannot.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_sync_mappings', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.increments('id').primary();
    t.string('pair', 20).notNullable();
    t.integer('version').unsigned().notNullable();
    t.text('fields', 'mediumtext').notNullable();
    t.string('saved_by', 100).nullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.unique(['pair', 'version'], { indexName: 'xtiger_sync_mappings_pair_version' });
  });
  await knex.schema.createTable('xtiger_links', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_bin');
    t.bigIncrements('id').primary();
    t.string('pair', 20).notNullable();
    t.integer('crmid').unsigned().notNullable();
    t.string('xero_id', 120).notNullable();
    t.string('xero_kind', 10).notNullable();
    t.string('state', 20).notNullable().defaultTo('active');
    t.specificType('vtiger_hash', 'CHAR(64)').notNullable();
    t.specificType('xero_hash', 'CHAR(64)').notNullable();
    t.text('vtiger_snapshot', 'mediumtext').notNullable();
    t.text('xero_snapshot', 'mediumtext').notNullable();
    t.datetime('vtiger_modified_at', { precision: 3 }).nullable();
    t.datetime('xero_updated_at', { precision: 3 }).nullable();
    t.integer('mapping_version').unsigned().notNullable().defaultTo(0);
    t.datetime('last_synced_at', { precision: 3 }).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.unique(['pair', 'crmid'], { indexName: 'xtiger_links_pair_crmid' });
    t.unique(['pair', 'xero_id'], { indexName: 'xtiger_links_pair_xero_id' });
  });
  await knex.schema.createTable('xtiger_checkpoints', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_bin');
    t.string('pair', 20).notNullable();
    t.string('side', 10).notNullable();
    t.text('cursor', 'mediumtext').notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
    t.primary(['pair', 'side']);
  });
  await knex.schema.createTable('xtiger_sync_settings', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.string('pair', 20).primary();
    t.text('settings', 'mediumtext').notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['xtiger_sync_settings', 'xtiger_checkpoints', 'xtiger_links', 'xtiger_sync_mappings']) {
    await knex.schema.dropTableIfExists(table);
  }
}
