/**
 * Xero's webhooks, as the sandbox sends them (../shared/xero/xero-webhooks.yaml and README "Webhooks"): after a
 * contact or an invoice of a subscribed organisation is created or updated (archiving is an update), a POST to the
 * registered URL with `{events: [{resourceUrl, resourceId, eventDateUtc, eventType, eventCategory, tenantId,
 * tenantType}], firstEventSequence, lastEventSequence, entropy}`, signed with `x-xero-signature` =
 * base64(HMAC-SHA256(body, webhook key)). Events of a short window are sent together. A delivery not answered 200
 * (within 5 s) is sent again later with growing delays (Xero keeps trying for 24 h; the sandbox `maxAttempts` times).
 * `intentToReceive()` plays Xero's check of a new webhook: a signed and a wrongly signed empty event list.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import type { XeroContact, XeroInvoice } from './model.js';
import type { OrgStore } from './orgStore.js';

export interface WebhookSubscription {
  url: string;
  /** The webhook key Xero shows for the app (base64 in Xero; any text here). */
  key: string;
}

export interface WebhookEventPayload {
  resourceUrl: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: 'CREATE' | 'UPDATE';
  eventCategory: 'CONTACT' | 'INVOICE';
  tenantId: string;
  tenantType: 'ORGANISATION';
}

export interface WebhookDelivery {
  /** Real time (ms) of the attempt. */
  at: number;
  attempt: number;
  status: number | 'error';
  events: WebhookEventPayload[];
}

export interface SandboxWebhooks {
  subscribe(subscription: WebhookSubscription): void;
  unsubscribe(): void;
  /** Xero's intent-to-receive check: the statuses answered to a correctly and a wrongly signed empty payload. */
  intentToReceive(): Promise<{ signed: number; badlySigned: number }>;
  deliveries(): WebhookDelivery[];
  /** Resolves once nothing is waiting to be sent (tests). */
  idle(): Promise<void>;
  close(): void;
}

export function signWebhookBody(body: string, key: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('base64');
}

export function createSandboxWebhooks(input: { clock: SandboxClock; apiUrl: () => string; batchMs?: number; retryDelaysMs?: number[] }): SandboxWebhooks & { observe(org: OrgStore): void } {
  const batchMs = input.batchMs ?? 100;
  const retryDelays = input.retryDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000, 60_000];
  let subscription: WebhookSubscription | undefined;
  let sequence = 0;
  let queued: WebhookEventPayload[] = [];
  let batchTimer: NodeJS.Timeout | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const deliveries: WebhookDelivery[] = [];
  let closed = false;

  const eventDate = (): string => new Date(input.clock.now()).toISOString().replace('Z', '');

  const post = async (body: string, signature: string): Promise<number | 'error'> => {
    if (!subscription) return 'error';
    try {
      const res = await fetch(subscription.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xero-signature': signature }, body, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 'error';
    }
  };

  const deliver = (events: WebhookEventPayload[], attempt: number, body: string): void => {
    if (closed || !subscription) return;
    const key = subscription.key;
    const p = (async () => {
      const status = await post(body, signWebhookBody(body, key));
      deliveries.push({ at: Date.now(), attempt, status, events });
      const delay = retryDelays[attempt - 1];
      if (status !== 200 && delay !== undefined && !closed) {
        const t = setTimeout(() => {
          timers.delete(t);
          deliver(events, attempt + 1, body);
        }, delay);
        timers.add(t);
      }
    })();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const flush = (): void => {
    batchTimer = undefined;
    if (queued.length === 0) return;
    const events = queued;
    queued = [];
    const body = JSON.stringify({ events, firstEventSequence: sequence + 1, lastEventSequence: sequence + events.length, entropy: randomBytes(15).toString('base64').replace(/[^A-Z]/gi, '').toUpperCase().padEnd(20, 'X').slice(0, 20) });
    sequence += events.length;
    deliver(events, 1, body);
  };

  const queue = (org: OrgStore, category: 'CONTACT' | 'INVOICE', id: string, created: boolean): void => {
    if (!subscription || closed) return;
    const resource = category === 'CONTACT' ? 'Contacts' : 'Invoices';
    queued.push({ resourceUrl: `${input.apiUrl()}/api.xro/2.0/${resource}/${id}`, resourceId: id, eventDateUtc: eventDate(), eventType: created ? 'CREATE' : 'UPDATE', eventCategory: category, tenantId: org.tenantId, tenantType: 'ORGANISATION' });
    batchTimer ??= setTimeout(flush, batchMs);
  };

  return {
    observe(org) {
      org.contacts.onPut = (c: XeroContact, created) => queue(org, 'CONTACT', c.ContactID ?? '', created);
      org.invoices.onPut = (i: XeroInvoice, created) => queue(org, 'INVOICE', i.InvoiceID ?? '', created);
    },
    subscribe(s) {
      subscription = s;
    },
    unsubscribe() {
      subscription = undefined;
    },
    async intentToReceive() {
      const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'INTENTTORECEIVECHECK' });
      const key = subscription?.key ?? '';
      const signed = await post(body, signWebhookBody(body, key));
      const badlySigned = await post(body, signWebhookBody(body, `${key}-wrong`));
      return { signed: signed === 'error' ? 0 : signed, badlySigned: badlySigned === 'error' ? 0 : badlySigned };
    },
    deliveries: () => [...deliveries],
    async idle() {
      while (queued.length > 0 || batchTimer || inFlight.size > 0 || timers.size > 0) await new Promise((r) => setTimeout(r, 20));
    },
    close() {
      closed = true;
      if (batchTimer) clearTimeout(batchTimer);
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
