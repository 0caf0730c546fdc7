import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, type SecretBox } from '../crypto/secretBox.js';
import { startSyncRun, syncRunContextFor, type SyncRunContext } from '../syncRuns/startSyncRun.js';
import { listRecentRuns } from '../syncRuns/syncRunsRepository.js';
import { startConnectedBackend, type ConnectedBackend } from '../syncRuns/testing/connectedBackend.js';
import { signWebhookBody } from '../xeroSandbox/index.js';
import { startVtigerEditWatch, findUnsyncedEdits, type VtigerEditOutcome } from '../schedule/vtigerEditWatch.js';
import { createVtigerWebserviceClient, WebserviceIds } from '../vtiger/webservice/index.js';
import { saveWebhookKey } from './webhookKey.js';
import { startWebhookSync, type WebhookSync, type WebhookSyncOutcome } from './webhookSync.js';

/**
 * Xero webhooks end to end: the sandbox sends signed events as Xero does to the real backend's POST /webhooks/xero,
 * which checks the signature on the raw body and keeps the events; the webhook job syncs them into Vtiger (the
 * webservice double on the sample database).
 */
const KEY = 'c2FuZGJveCB3ZWJob29rIGtleSBmb3IgdGVzdHM=';
let b: ConnectedBackend;
let ctx: SyncRunContext;
let box: SecretBox;
let job: WebhookSync | undefined;
const outcomes: WebhookSyncOutcome[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; webhook job outcomes: ${JSON.stringify(outcomes.map((o) => ({ ...o, summary: undefined })))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  b = await startConnectedBackend({ sandbox: { webhooks: { batchMs: 50, retryDelaysMs: [300, 300, 300] } } });
  await b.connect();
  ctx = await syncRunContextFor(b.app.deps);
  box = createSecretBox(Buffer.from(b.env['XTIGER_ENCRYPTION_KEY'] ?? '', 'base64'));
  await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['accounts', 'contacts'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
  await saveWebhookKey(b.db.knex, box, KEY);
});
afterAll(async () => {
  await job?.stop();
  b?.sandbox.webhooks.close();
  await b?.close();
});

async function post(body: string, signature: string | undefined): Promise<{ status: number; text: string }> {
  const res = await fetch(`${b.app.url}/webhooks/xero`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature !== undefined ? { 'x-xero-signature': signature } : {}) }, body });
  return { status: res.status, text: await res.text() };
}

describe('Xero webhooks', () => {
  it("passes Xero's intent-to-receive check: signed empty list 200, wrongly signed 401", async () => {
    b.sandbox.webhooks.subscribe({ url: `${b.app.url}/webhooks/xero`, key: KEY });
    expect(await b.sandbox.webhooks.intentToReceive()).toEqual({ signed: 200, badlySigned: 401 });
  });

  it('answers a bad or missing signature with 401 and keeps nothing; a good one with an empty 200', async () => {
    const body = JSON.stringify({ events: [{ resourceUrl: 'x', resourceId: '8f5b0b2c-0000-4000-8000-000000000001', eventDateUtc: '2026-12-03T10:00:00.000', eventType: 'UPDATE', eventCategory: 'CONTACT', tenantId: b.sandbox.demoTenantId, tenantType: 'ORGANISATION' }], firstEventSequence: 1, lastEventSequence: 1, entropy: 'ABCDEFGHIJKLMNOPQRST' });
    expect(await post(body, signWebhookBody(body, 'not-the-key'))).toEqual({ status: 401, text: '' });
    expect(await post(body, undefined)).toEqual({ status: 401, text: '' });
    // Signed over other bytes (the same JSON re-serialised with a space): 401.
    expect((await post(body.replace('{"events"', '{ "events"'), signWebhookBody(body, KEY))).status).toBe(401);
    expect(await b.db.knex('xtiger_webhook_events').count({ n: '*' }).first()).toEqual({ n: 0 });
    const t0 = Date.now();
    expect(await post(body, signWebhookBody(body, KEY))).toEqual({ status: 200, text: '' });
    expect(Date.now() - t0).toBeLessThan(5000);
    const stored = (await b.db.knex('xtiger_webhook_events').select('category', 'resource_id', 'event_type', 'taken_at')) as Array<Record<string, unknown>>;
    expect(stored).toEqual([{ category: 'CONTACT', resource_id: '8f5b0b2c-0000-4000-8000-000000000001', event_type: 'UPDATE', taken_at: null }]);
  });

  it('a signed contact change in Xero reaches Vtiger within seconds', async () => {
    job = startWebhookSync(b.app.deps, () => syncRunContextFor(b.app.deps), { pollMs: 100, quietMs: 200, onOutcome: (o) => outcomes.push(o) });
    const [link] = (await b.db.knex('xtiger_links').where({ pair: 'accounts', xero_kind: 'contact' }).orderBy('crmid').limit(1).select('crmid', 'xero_id')) as Array<{ crmid: number; xero_id: string }>;
    expect(link).toBeDefined();
    const org = b.sandbox.org(b.sandbox.demoTenantId);
    const t0 = Date.now();
    org.contacts.add({ ContactID: link?.xero_id, Name: 'Renamed in Xero Ltd' });
    const name = await until('the new name in Vtiger', async () => {
      const row = (await b.db.knex('vtiger_account').where({ accountid: link?.crmid }).first('accountname')) as { accountname: string };
      return row.accountname === 'Renamed in Xero Ltd' ? row.accountname : undefined;
    });
    const ms = Date.now() - t0;
    expect(name).toBe('Renamed in Xero Ltd');
    expect(ms).toBeLessThan(10_000);
    const delivered = b.sandbox.webhooks.deliveries().filter((d) => d.events.some((e) => e.resourceId === link?.xero_id));
    expect(delivered[0]).toMatchObject({ status: 200, attempt: 1, events: [expect.objectContaining({ eventType: 'UPDATE', eventCategory: 'CONTACT', tenantId: b.sandbox.demoTenantId, tenantType: 'ORGANISATION' })] });
    const runs = await until('the webhook run to finish', async () => {
      const finished = (await listRecentRuns(b.db.knex, 20)).filter((r) => r.trigger === 'webhook' && r.entryPoint === 'webhook' && r.status === 'finished');
      return finished.length > 0 ? finished : undefined;
    });
    const logged = (await b.db.knex('vtiger_xtlog').whereIn('xtl_run_id', runs.map((r) => r.runId ?? '')).andWhere({ xtl_related_to: link?.crmid }).select('xtl_trigger', 'xtl_direction', 'xtl_status', 'xtl_action')) as Array<Record<string, string>>;
    expect(logged).toContainEqual({ xtl_trigger: 'Webhook', xtl_direction: 'Xero to Vtiger', xtl_status: 'Success', xtl_action: 'Update' });
    await until('events taken', async () => ((await b.db.knex('xtiger_webhook_events').whereNull('taken_at').count({ n: '*' }).first()) as { n: number }).n === 0 ? true : undefined);
  });

  it('a delivery the backend refused is sent again by the sandbox, and then synced', async () => {
    await saveWebhookKey(b.db.knex, box, 'a key Xero does not have');
    const [link] = (await b.db.knex('xtiger_links').where({ pair: 'accounts', xero_kind: 'contact' }).orderBy('crmid', 'desc').limit(1).select('crmid', 'xero_id')) as Array<{ crmid: number; xero_id: string }>;
    b.sandbox.org(b.sandbox.demoTenantId).contacts.add({ ContactID: link?.xero_id, Name: 'Second Rename Pty' });
    await until('a refused delivery', async () => (b.sandbox.webhooks.deliveries().some((d) => d.status === 401 && d.events.some((e) => e.resourceId === link?.xero_id)) ? true : undefined));
    await saveWebhookKey(b.db.knex, box, KEY);
    await until('the retried change in Vtiger', async () => {
      const row = (await b.db.knex('vtiger_account').where({ accountid: link?.crmid }).first('accountname')) as { accountname: string };
      return row.accountname === 'Second Rename Pty' ? true : undefined;
    });
    const attempts = b.sandbox.webhooks.deliveries().filter((d) => d.events.some((e) => e.resourceId === link?.xero_id)).map((d) => [d.attempt, d.status]);
    expect(attempts[0]).toEqual([1, 401]);
    expect(attempts).toContainEqual([expect.any(Number), 200]);
  });

  it('an edit saved in Vtiger reaches Xero within seconds, without the schedule; XTiger\'s own writes are not edits', async () => {
    await job?.stop();
    job = undefined;
    // XTiger's own writes into Vtiger (the renames above) are synced already: nothing for the watch.
    const written = (await b.db.knex('vtiger_account').whereIn('accountname', ['Renamed in Xero Ltd', 'Second Rename Pty']).select('accountid')) as Array<{ accountid: number }>;
    expect(written).toHaveLength(2);
    const unsynced = await findUnsyncedEdits(b.db.knex, '2000-01-01 00:00:00', 0);
    expect(unsynced.filter((u) => u.module === 'Accounts' || u.module === 'Contacts'), 'synced organizations and contacts are not edits').toEqual([]);
    // Products were never synced here: they are edits the watch would take.
    expect(unsynced.some((u) => u.module === 'Products')).toBe(true);
    const watched: VtigerEditOutcome[] = [];
    const watch = startVtigerEditWatch(b.app.deps, () => syncRunContextFor(b.app.deps), { pollMs: 200, minGapMs: 0, onOutcome: (o) => watched.push(o) });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const [link] = (await b.db.knex('xtiger_links').where({ pair: 'accounts', xero_kind: 'contact' }).orderBy('crmid').limit(1).select('crmid', 'xero_id')) as Array<{ crmid: number; xero_id: string }>;
      const vtiger = await createVtigerWebserviceClient({ knex: b.db.knex, url: b.config.VTIGER_URL, userName: 'admin' });
      const ids = await WebserviceIds.load(b.db.knex);
      const t0 = Date.now();
      await vtiger.revise({ id: ids.toWsId('Accounts', link?.crmid ?? 0), accountname: 'Edited in Vtiger GmbH' });
      const org = b.sandbox.org(b.sandbox.demoTenantId);
      await until('the edit in Xero', async () => (org.contacts.get(link?.xero_id ?? '')?.Name === 'Edited in Vtiger GmbH' ? true : undefined));
      expect(Date.now() - t0).toBeLessThan(15_000);
      await until('the watch run to end', async () => (watched.length > 0 ? true : undefined));
      expect(watched[0]).toMatchObject({ outcome: 'ran', edits: 1, modules: ['accounts'] });
      const runs = (await listRecentRuns(b.db.knex, 5)).filter((r) => r.entryPoint === 'vtiger-edit');
      expect(runs[0]).toMatchObject({ trigger: 'instant' });
      // The run's own write-back does not start another.
      await new Promise((r) => setTimeout(r, 3000));
      expect(watched.filter((o) => o.outcome === 'ran')).toHaveLength(1);
    } finally {
      await watch.stop();
    }
  });
});
