import type { Knex } from 'knex';
import type { SecretBox } from '../crypto/secretBox.js';

/**
 * The webhook key Xero shows for the app (developer.xero.com → the app → Webhooks). Kept sealed in xtiger_settings
 * like the client secret (saved from the API Details screen), or given as XERO_WEBHOOK_KEY.
 *
 * The saved one wins over XERO_WEBHOOK_KEY: an admin who regenerates the key in Xero can put the new one in from
 * the screen without a shell on the backend's machine; the environment's key applies while none is saved (the
 * screen says which one is in use).
 */
const NAME = 'xero.webhook_key';
const PURPOSE = 'xtiger_settings:xero.webhook_key';

/** Where the key the webhook receiver checks signatures with comes from. */
export type WebhookKeySource = 'saved' | 'environment' | 'none';

async function storedValue(knex: Knex): Promise<string> {
  const row = (await knex('xtiger_settings').where({ name: NAME }).first('value')) as { value: string } | undefined;
  return row?.value ?? '';
}

export async function readWebhookKey(knex: Knex, box: SecretBox, configured: string): Promise<string> {
  const sealed = await storedValue(knex);
  return sealed ? box.open(sealed, PURPOSE) : configured;
}

/** Which key is in use, without opening it (the screen shows only this). */
export async function webhookKeySource(knex: Knex, configured: string): Promise<WebhookKeySource> {
  if (await storedValue(knex)) return 'saved';
  return configured !== '' ? 'environment' : 'none';
}

/** '' removes the stored key (XERO_WEBHOOK_KEY applies again). */
export async function saveWebhookKey(knex: Knex, box: SecretBox, key: string): Promise<void> {
  await knex('xtiger_settings')
    .insert({ name: NAME, value: key === '' ? '' : box.seal(key.trim(), PURPOSE), is_secret: true, updated_at: knex.fn.now() })
    .onConflict('name')
    .merge(['value', 'is_secret', 'updated_at']);
}

/** Removes the stored key; the secret box is not needed for that. */
export async function removeWebhookKey(knex: Knex): Promise<void> {
  await knex('xtiger_settings').where({ name: NAME }).update({ value: '', updated_at: knex.fn.now() });
}

/**
 * Xero's webhook keys are base64 text (88 characters today). Letters, digits and + / = (- _ for base64url), 16 to
 * 200 of them: a key pasted with a space, a line break or only a part of it is refused before it silently makes
 * every delivery fail its signature check.
 */
export function webhookKeyProblem(key: string): 'empty' | 'shape' | undefined {
  const k = key.trim();
  if (k === '') return 'empty';
  return /^[A-Za-z0-9+/=_-]{16,200}$/.test(k) ? undefined : 'shape';
}
