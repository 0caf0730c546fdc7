import type { Knex } from 'knex';
import type { WebhookSettingsView } from '../http/contracts/apiDetails.js';
import { XERO_WEBHOOK_PATH } from '../http/contracts/xeroWebhook.js';
import type { SecretBox } from '../crypto/secretBox.js';
import { XTigerError } from '../errors/XTigerError.js';
import { translate } from '../i18n/translate.js';
import { removeWebhookKey, saveWebhookKey, webhookKeyProblem, webhookKeySource } from '../webhooks/webhookKey.js';

/**
 * API Details → Xero webhooks: the delivery URL for the Xero app and which webhook key is in use; the key itself is
 * write-only (sealed at rest, never answered, never logged).
 */
export interface WebhookSettingsInput {
  /** XERO_WEBHOOK_KEY ('' when not set). */
  configuredKey: string;
  /** XTIGER_PUBLIC_URL, where Xero (and browsers) reach the backend. */
  publicUrl: string | undefined;
  /** Where this request reached the backend (`http://127.0.0.1:8787`): the URL shown when no public URL is set. */
  requestBaseUrl: string;
}

export async function readWebhookSettings(knex: Knex, input: WebhookSettingsInput): Promise<WebhookSettingsView> {
  const base = (input.publicUrl ?? input.requestBaseUrl).replace(/\/+$/, '');
  return { url: `${base}${XERO_WEBHOOK_PATH}`, urlIsPublic: input.publicUrl !== undefined, key: await webhookKeySource(knex, input.configuredKey) };
}

/**
 * Saves the key sealed after checking its shape; the error names the field `key` and never repeats the value.
 * The secret box is opened only for a key worth saving (loading it may create the key file).
 */
export async function saveWebhookKeyFromScreen(knex: Knex, box: () => Promise<SecretBox>, key: string, language: string | undefined): Promise<void> {
  const problem = webhookKeyProblem(key);
  if (problem) {
    throw new XTigerError('BAD_REQUEST', translate(language, problem === 'empty' ? 'settings.webhook.keyEmpty' : 'settings.webhook.keyShape'), { details: { field: 'key' } });
  }
  await saveWebhookKey(knex, await box(), key);
}

export async function clearWebhookKeyFromScreen(knex: Knex): Promise<void> {
  await removeWebhookKey(knex);
}
