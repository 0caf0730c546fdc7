import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * Settings → XTiger → API details: the admin's own Xero app. The client secret goes in, never out (`hasSecret`);
 * so does the webhook key (`webhook.key` says only where the key in use comes from).
 */

/**
 * Xero's webhooks (server/webhooks): the delivery URL to paste into the Xero app, and which webhook key the
 * receiver checks signatures with — `saved` (sealed in XTiger's settings; wins), `environment` (XERO_WEBHOOK_KEY,
 * while none is saved) or `none` (every delivery is refused).
 */
export const webhookSettingsSchema = z.object({
  url: z.string(),
  /** False when XTIGER_PUBLIC_URL is not set: the URL is where this request reached the backend. */
  urlIsPublic: z.boolean(),
  key: z.enum(['saved', 'environment', 'none']),
});
export type WebhookSettingsView = z.infer<typeof webhookSettingsSchema>;

export const apiDetailsSchema = z.object({
  clientId: z.string().nullable(),
  hasSecret: z.boolean(),
  redirectUri: z.string(),
  redirectUriIsDefault: z.boolean(),
  defaultRedirectUri: z.string(),
  scopeSet: z.enum(['granular', 'broad']),
  scopes: z.array(z.string()),
  webhook: webhookSettingsSchema,
});
export type ApiDetailsView = z.infer<typeof apiDetailsSchema>;

export const getApiDetails = defineEndpoint({
  method: 'get',
  path: '/api/xero/api-details',
  access: 'admin',
  response: apiDetailsSchema,
});

export const saveApiDetails = defineEndpoint({
  method: 'put',
  path: '/api/xero/api-details',
  access: 'admin',
  body: z
    .object({
      // Xero client ids are 32 upper-case letters and digits; stay lenient on length, strict on characters.
      clientId: z.string().trim().regex(/^[A-Za-z0-9]{16,64}$/, 'a Xero client id is 32 letters and digits').optional(),
      // Empty or missing: keep the stored secret.
      clientSecret: z.string().max(200).optional(),
      // null: back to the default <VTIGER_URL>/modules/XTiger/callback.php
      redirectUri: z.string().trim().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL').nullable().optional(),
      scopeSet: z.enum(['granular', 'broad']).optional(),
    })
    .strict(),
  response: apiDetailsSchema,
});

/**
 * PUT: saves the webhook key sealed (write-only; answered as `key: 'saved'`, never echoed). A key that is empty or
 * not shaped like Xero's is refused, 400 naming the field `key`, in the user's language.
 */
export const saveXeroWebhookKey = defineEndpoint({
  method: 'put',
  path: '/api/xero/webhook-key',
  access: 'admin',
  body: z.object({ key: z.string().max(1000) }).strict(),
  response: webhookSettingsSchema,
});

/** DELETE: removes the saved key; XERO_WEBHOOK_KEY applies again when it is set. */
export const clearXeroWebhookKey = defineEndpoint({
  method: 'delete',
  path: '/api/xero/webhook-key',
  access: 'admin',
  response: webhookSettingsSchema,
});
