import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../crypto/secretBox.js';
import { translate } from '../../i18n/translate.js';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../../testing/startTestApp.js';
import { readWebhookKey } from '../../webhooks/webhookKey.js';
import { signWebhookBody } from '../../xeroSandbox/index.js';
import { apiDetailsSchema, webhookSettingsSchema } from '../contracts/apiDetails.js';

/**
 * API Details → Xero webhooks through the real app on the sample database: the webhook key goes in through
 * PUT /api/xero/webhook-key (admins only), is sealed at rest, never answered nor logged, and is what the webhook
 * receiver checks Xero's signatures with. A second app on the same database has XERO_WEBHOOK_KEY and a public URL:
 * the saved key wins over the environment's, which applies again once the saved one is removed.
 */
const SAVED_KEY = 'U2F2ZWQgb24gdGhlIEFQSSBEZXRhaWxzIHNjcmVlbiBieSBhbiBhZG1pbg==';
const ENV_KEY = 'RnJvbSB0aGUgZW52aXJvbm1lbnQgb2YgdGhlIGJhY2tlbmQ=';
const ENCRYPTION_KEY = randomBytes(32);

let db: SampleDatabase;
let app: TestApp;
let envApp: TestApp;
let admin: string;
let japaneseAdmin: string;
let user: string;

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true, installModules: true });
  const shared = { XTIGER_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64') };
  app = await startTestApp(db, { config: shared });
  envApp = await startTestApp(db, { config: { ...shared, XERO_WEBHOOK_KEY: ENV_KEY, XTIGER_PUBLIC_URL: 'https://xtiger.example.com/' } });
  admin = await app.tokenFor({ userId: 1, isAdmin: true });
  japaneseAdmin = await app.tokenFor({ userId: 51, isAdmin: true, language: 'ja_jp' });
  user = await app.tokenFor({ userId: 5, isAdmin: false });
});
afterAll(async () => {
  await app?.close();
  await envApp?.close();
  await db?.drop();
});

async function call(base: TestApp, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const res = await fetch(`${base.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
const errorOf = (json: Record<string, unknown>) => json['error'] as { code: string; message: string; details?: Record<string, unknown> };
const storedRow = async () => (await db.knex('xtiger_settings').where({ name: 'xero.webhook_key' }).first('value', 'is_secret')) as { value: string; is_secret: number } | undefined;

let sequence = 0;
/** A delivery as Xero sends it: one contact event, signed with `key` over the raw body. */
async function deliver(base: TestApp, key: string): Promise<number> {
  sequence += 1;
  const body = JSON.stringify({
    events: [{ resourceUrl: 'https://api.xero.com/api.xro/2.0/Contacts/x', resourceId: `8f5b0b2c-0000-4000-8000-${String(sequence).padStart(12, '0')}`, eventDateUtc: '2026-12-03T10:00:00.000', eventType: 'UPDATE', eventCategory: 'CONTACT', tenantId: '00000000-0000-4000-8000-000000000001', tenantType: 'ORGANISATION' }],
    firstEventSequence: sequence,
    lastEventSequence: sequence,
    entropy: 'WEBHOOKKEYROUTETESTS',
  });
  const res = await fetch(`${base.url}/webhooks/xero`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xero-signature': signWebhookBody(body, key) }, body });
  return res.status;
}

describe('API Details → Xero webhook key', () => {
  it('before any key: API Details shows the delivery URL and "none"; every delivery is refused', async () => {
    const res = await call(app, 'GET', '/api/xero/api-details', admin);
    expect(res.status).toBe(200);
    expect(apiDetailsSchema.parse(res.json).webhook).toEqual({ url: `${app.url}/webhooks/xero`, urlIsPublic: false, key: 'none' });
    expect(await deliver(app, SAVED_KEY)).toBe(401);
  });

  it('refuses non-administrators (403) and callers without a token (401); nothing is stored', async () => {
    for (const [method, body] of [['PUT', { key: SAVED_KEY }], ['DELETE', undefined]] as const) {
      const refused = await call(app, method, '/api/xero/webhook-key', user, body);
      expect(refused.status, method).toBe(403);
      expect(errorOf(refused.json).code).toBe('FORBIDDEN');
      expect((await call(app, method, '/api/xero/webhook-key', undefined, body)).status, `${method} without a token`).toBe(401);
    }
    expect((await call(app, 'GET', '/api/xero/api-details', user)).status).toBe(403);
    expect(await storedRow()).toBeUndefined();
  });

  it('refuses an empty key or one not shaped like Xero\'s, naming the field in the admin\'s language, without repeating the value', async () => {
    const empty = await call(app, 'PUT', '/api/xero/webhook-key', admin, { key: '   ' });
    expect(empty.status).toBe(400);
    expect(errorOf(empty.json)).toMatchObject({ code: 'BAD_REQUEST', message: translate('en_us', 'settings.webhook.keyEmpty'), details: { field: 'key' } });
    const spaced = 'half of a key pasted with spaces';
    const shape = await call(app, 'PUT', '/api/xero/webhook-key', admin, { key: spaced });
    expect(shape.status).toBe(400);
    expect(errorOf(shape.json)).toMatchObject({ message: expect.stringMatching(/^Webhook key: this is not a key as Xero shows it/) as string, details: { field: 'key' } });
    expect(shape.text).not.toContain(spaced);
    const ja = await call(app, 'PUT', '/api/xero/webhook-key', japaneseAdmin, { key: 'short' });
    expect(errorOf(ja.json)).toMatchObject({ message: translate('ja_jp', 'settings.webhook.keyShape'), details: { field: 'key' } });
    expect(errorOf(ja.json).message).toMatch(/^Webhook キー: /);
    const notText = await call(app, 'PUT', '/api/xero/webhook-key', admin, { key: 42 });
    expect(notText.status).toBe(400);
    expect(errorOf(notText.json).details).toMatchObject({ field: 'key' });
    expect(await storedRow()).toBeUndefined();
  });

  it('saves the key sealed; the answer, API Details and the log say only "saved"', async () => {
    const saved = await call(app, 'PUT', '/api/xero/webhook-key', admin, { key: `  ${SAVED_KEY}\n` });
    expect(saved.status, saved.text).toBe(200);
    expect(webhookSettingsSchema.parse(saved.json)).toEqual({ url: `${app.url}/webhooks/xero`, urlIsPublic: false, key: 'saved' });
    expect(saved.text).not.toContain(SAVED_KEY);
    const details = await call(app, 'GET', '/api/xero/api-details', admin);
    expect(apiDetailsSchema.parse(details.json).webhook.key).toBe('saved');
    expect(details.text).not.toContain(SAVED_KEY);
    const row = await storedRow();
    expect(row?.is_secret).toBeTruthy();
    expect(row?.value).not.toContain(SAVED_KEY);
    expect(await readWebhookKey(db.knex, createSecretBox(ENCRYPTION_KEY), '')).toBe(SAVED_KEY);
    expect(app.logs.join('')).toContain('Xero webhook key saved');
    expect(app.logs.join('')).not.toContain(SAVED_KEY);
  });

  it('the webhook receiver checks signatures with the saved key: signed with it 200 (events kept), signed with another 401', async () => {
    const before = Number(((await db.knex('xtiger_webhook_events').count({ n: '*' }).first()) as { n: number }).n);
    expect(await deliver(app, SAVED_KEY)).toBe(200);
    expect(await deliver(app, 'bm90IHRoZSBrZXkgc2F2ZWQgb24gdGhlIHNjcmVlbg==')).toBe(401);
    const after = Number(((await db.knex('xtiger_webhook_events').count({ n: '*' }).first()) as { n: number }).n);
    expect(after - before).toBe(1);
  });

  it('with XERO_WEBHOOK_KEY too: the saved key wins; removed, the environment\'s applies and is shown as such', async () => {
    const withEnv = apiDetailsSchema.parse((await call(envApp, 'GET', '/api/xero/api-details', admin)).json).webhook;
    expect(withEnv).toEqual({ url: 'https://xtiger.example.com/webhooks/xero', urlIsPublic: true, key: 'saved' });
    expect(await deliver(envApp, SAVED_KEY)).toBe(200);
    expect(await deliver(envApp, ENV_KEY)).toBe(401);

    const cleared = await call(envApp, 'DELETE', '/api/xero/webhook-key', admin);
    expect(cleared.status, cleared.text).toBe(200);
    expect(webhookSettingsSchema.parse(cleared.json).key).toBe('environment');
    expect(await deliver(envApp, ENV_KEY)).toBe(200);
    expect(await deliver(envApp, SAVED_KEY)).toBe(401);
    // The app without XERO_WEBHOOK_KEY has no key at all now.
    expect(apiDetailsSchema.parse((await call(app, 'GET', '/api/xero/api-details', admin)).json).webhook.key).toBe('none');
    expect(await deliver(app, SAVED_KEY)).toBe(401);
    expect(envApp.logs.join('')).not.toContain(ENV_KEY);
  });
});
