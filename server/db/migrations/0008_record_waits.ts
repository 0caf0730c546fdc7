import type { Knex } from 'knex';

// Records refused for a cause, with the cause typed (issue 10): a cause outside the record (its parent not in Xero,
// a tax rate or currency the Xero organisation lacks, another record holding its Item Code or name) makes it wait
// and go again as soon as the cause may have gone; a cause in its own data ("needs action", naming the field)
// makes it go again when it is edited. The refusal's reason is kept so a child can say why its parent was refused.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_record_waits', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.string('module', 20).notNullable();
    t.integer('crmid').unsigned().notNullable();
    // parent | twin | taxRate | currency | locked | needsAction | retry
    t.string('cause', 20).notNullable();
    // the parent's or twin's crmid, the tax rate, the currency, or the field
    t.string('ref', 255).nullable();
    // the refusal's reason as an i18n key + params (JSON), translated when shown
    t.text('reason').notNullable();
    // /TaxRates + /Currencies as they were when the record was refused (taxRate, currency)
    t.specificType('facts_hash', 'CHAR(64)').nullable();
    t.datetime('since', { precision: 3 }).notNullable();
    t.primary(['module', 'crmid']);
    t.index(['cause', 'ref'], 'xtiger_record_waits_cause_ref');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('xtiger_record_waits');
}
