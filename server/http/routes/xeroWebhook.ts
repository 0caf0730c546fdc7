import type { Router } from 'express';
import { storeWebhookEvents, webhookPayloadSchema } from '../../webhooks/webhookEvents.js';
import { readWebhookKey } from '../../webhooks/webhookKey.js';
import { isValidXeroSignature } from '../../webhooks/xeroSignature.js';
import type { AppDeps } from '../appDeps.js';
import { receiveXeroWebhook } from '../contracts/xeroWebhook.js';
import { route } from '../route.js';
import { secretBoxFor } from '../secretBoxFor.js';

/**
 * POST /webhooks/xero: checks the signature on the raw body, keeps the events (one INSERT) and answers at once —
 * Xero wants an answer within 5 s; the sync of the changed records runs afterwards (server/webhooks/webhookSync.ts).
 */
export function xeroWebhookRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, receiveXeroWebhook, async ({ req, res }) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const key = await readWebhookKey(deps.knex, await secretBoxFor(deps), deps.config.XERO_WEBHOOK_KEY);
    if (!isValidXeroSignature(raw, req.get('x-xero-signature'), key)) {
      if (key === '') deps.logger.warn('a Xero webhook arrived, but no webhook key is set (XERO_WEBHOOK_KEY or the API Details screen); answered 401');
      res.status(401).end();
      return undefined;
    }
    let parsed;
    try {
      parsed = webhookPayloadSchema.safeParse(JSON.parse(raw.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      deps.logger.warn('a signed Xero webhook had a body that is not a webhook payload; ignored');
      res.status(200).end();
      return undefined;
    }
    const stored = await storeWebhookEvents(deps.knex, parsed.data, new Date(deps.now()));
    if (stored > 0) deps.logger.debug({ events: stored, first: parsed.data.firstEventSequence, last: parsed.data.lastEventSequence }, 'Xero webhook events received');
    res.status(200).end();
    return undefined;
  });
}
