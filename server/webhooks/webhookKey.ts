import type { Knex } from 'knex';
import type { SecretBox } from '../crypto/secretBox.js';

/**
 * The webhook key Xero shows for the app (developer.xero.com → the app → Webhooks). Kept sealed in xtiger_settings
 * like the client secret (saved by the API Details screen), or given as XERO_WEBHOOK_KEY; the stored one wins.
 */
const NAME = 'xero.webhook_key';
const PURPOSE = 'xtiger_settings:xero.webhook_key';

export async function readWebhookKey(knex: Knex, box: SecretBox, configured: string): Promise<string> {
  const row = (await knex('xtiger_settings').where({ name: NAME }).first('value')) as { value: string } | undefined;
  return row?.value ? box.open(row.value, PURPOSE) : configured;
}

/** '' removes the stored key (XERO_WEBHOOK_KEY applies again). */
export async function saveWebhookKey(knex: Knex, box: SecretBox, key: string): Promise<void> {
  await knex('xtiger_settings')
    .insert({ name: NAME, value: key === '' ? '' : box.seal(key.trim(), PURPOSE), is_secret: true, updated_at: knex.fn.now() })
    .onConflict('name')
    .merge(['value', 'is_secret', 'updated_at']);
}
