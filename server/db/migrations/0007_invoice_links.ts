import type { Knex } from 'knex';

// Links between Vtiger invoices and the Xero documents XTiger made of them (sales invoice, bill or bank
// transaction RECEIVE), with the content hash of what was last sent (an unchanged invoice is not sent again),
// Xero's status and total as last seen, and the payments state last written back to Vtiger.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_invoice_links', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_bin');
    t.integer('crmid').unsigned().primary();
    t.string('xero_id', 64).notNullable();
    // invoice | bill | receipt
    t.string('xero_kind', 10).notNullable();
    t.string('xero_number', 255).nullable();
    t.specificType('content_hash', 'CHAR(64)').notNullable();
    // DRAFT SUBMITTED AUTHORISED PAID VOIDED DELETED (receipts: AUTHORISED, DELETED)
    t.string('xero_status', 20).notNullable();
    t.decimal('xero_total', 20, 2).notNullable();
    t.boolean('xero_reconciled').notNullable().defaultTo(false);
    // What the last payments write-back set in Vtiger (null: never written back).
    t.decimal('amount_paid', 20, 2).nullable();
    t.decimal('amount_due', 20, 2).nullable();
    // 'vtiger' when XTiger created the Xero document, 'xero' when it created the Vtiger invoice from Xero.
    t.string('origin', 10).notNullable().defaultTo('vtiger');
    t.datetime('xero_updated_at', { precision: 3 }).nullable();
    t.datetime('last_synced_at', { precision: 3 }).notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.unique(['xero_id'], { indexName: 'xtiger_invoice_links_xero_id' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('xtiger_invoice_links');
}
