import type { Knex } from 'knex';

/** A JSON value in `xtiger_settings` (cursors and settings of the invoice, payment and chart syncs). */
export async function readSetting<T>(knex: Knex, name: string): Promise<T | undefined> {
  const row = (await knex('xtiger_settings').where({ name }).first('value')) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function saveSetting(knex: Knex, name: string, value: unknown): Promise<void> {
  await knex('xtiger_settings').insert({ name, value: JSON.stringify(value), is_secret: false, updated_at: knex.fn.now() }).onConflict('name').merge(['value', 'updated_at']);
}
