import type { Knex } from 'knex';

// Key/value settings of XTiger (API details, sync settings, notification settings).
// Secret values are stored encrypted (see server/crypto) and flagged so they are never echoed back.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_settings', (t) => {
    t.string('name', 100).primary();
    t.text('value', 'mediumtext').notNullable();
    t.boolean('is_secret').notNullable().defaultTo(false);
    t.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('xtiger_settings');
}
