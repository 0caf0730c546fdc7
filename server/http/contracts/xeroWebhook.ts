import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * Xero's webhook deliveries for contacts and invoices. Public (Xero signs each request: `x-xero-signature`, checked
 * on the raw body, which app.ts keeps unparsed under /webhooks). Answers an empty 200, or an empty 401 for a bad
 * signature — also what Xero's "intent to receive" check expects.
 */
export const XERO_WEBHOOK_PATH = '/webhooks/xero';

export const receiveXeroWebhook = defineEndpoint({
  method: 'post',
  path: XERO_WEBHOOK_PATH,
  access: 'public',
  body: z.unknown(),
  response: z.undefined(),
});
