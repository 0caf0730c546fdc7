import type { Knex } from 'knex';
import { z } from 'zod';

/**
 * Xero's webhook payload (../shared/xero/xero-webhooks.yaml) and the events as kept in xtiger_webhook_events until a
 * sync has taken them. Only contacts and invoices are subscribed; other categories are ignored.
 */
export const webhookPayloadSchema = z.object({
  events: z.array(
    z.object({
      resourceUrl: z.string().optional(),
      resourceId: z.string().min(1).max(64),
      eventDateUtc: z.string().optional(),
      eventType: z.string().max(20),
      eventCategory: z.string().max(20),
      tenantId: z.string().min(1).max(64),
      tenantType: z.string().optional(),
    }),
  ),
  firstEventSequence: z.number(),
  lastEventSequence: z.number(),
  entropy: z.string(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export type WebhookCategory = 'CONTACT' | 'INVOICE';
const CATEGORIES: readonly string[] = ['CONTACT', 'INVOICE'];

export async function storeWebhookEvents(knex: Knex, payload: WebhookPayload, receivedAt: Date): Promise<number> {
  const rows = payload.events
    .filter((e) => CATEGORIES.includes(e.eventCategory))
    .map((e) => {
      const at = e.eventDateUtc ? new Date(/[Zz]|[+-]\d\d:?\d\d$/.test(e.eventDateUtc) ? e.eventDateUtc : `${e.eventDateUtc}Z`) : null;
      return { tenant_id: e.tenantId, category: e.eventCategory, resource_id: e.resourceId, event_type: e.eventType, event_at: at && !Number.isNaN(at.getTime()) ? at : null, received_at: receivedAt };
    });
  if (rows.length > 0) await knex('xtiger_webhook_events').insert(rows);
  return rows.length;
}

export interface OpenEvents {
  maxId: number;
  count: number;
  categories: WebhookCategory[];
  firstReceivedAt: Date;
  lastReceivedAt: Date;
}

/** Events no sync has taken yet, summed up (one indexed read; nothing when none). */
export async function openWebhookEvents(knex: Knex): Promise<OpenEvents | undefined> {
  const rows = (await knex('xtiger_webhook_events').whereNull('taken_at').groupBy('category').select('category').max({ maxId: 'id' }).count({ n: '*' }).min({ first: 'received_at' }).max({ last: 'received_at' })) as Array<{
    category: WebhookCategory; maxId: number; n: number | string; first: string; last: string;
  }>;
  if (rows.length === 0) return undefined;
  const utc = (s: string) => new Date(`${s.replace(' ', 'T')}Z`);
  return {
    maxId: Math.max(...rows.map((r) => Number(r.maxId))),
    count: rows.reduce((s, r) => s + Number(r.n), 0),
    categories: rows.map((r) => r.category),
    firstReceivedAt: new Date(Math.min(...rows.map((r) => utc(r.first).getTime()))),
    lastReceivedAt: new Date(Math.max(...rows.map((r) => utc(r.last).getTime()))),
  };
}

export async function markWebhookEventsTaken(knex: Knex, upToId: number, at: Date): Promise<void> {
  await knex('xtiger_webhook_events').whereNull('taken_at').andWhere('id', '<=', upToId).update({ taken_at: at });
  // Taken events are kept a week (to look into), then dropped.
  await knex('xtiger_webhook_events').whereNotNull('taken_at').andWhere('taken_at', '<', new Date(at.getTime() - 7 * 86_400_000)).delete();
}
