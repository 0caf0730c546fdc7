import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xeroAdmin } from '../../testing/dirtyCrm/xeroAdmin.js';
import { createVtigerWebserviceClient, type VtigerWebserviceClient } from '../../vtiger/webservice/index.js';
import { saveInvoiceSyncSettings } from '../invoices/invoiceSettings.js';
import { runSync } from './runSync.js';
import { closeSyncHarness } from './testing/closeSyncHarness.js';
import { startSyncHarness, type SyncHarness } from './testing/syncHarness.js';
import { changedTables, checksums } from './testing/tableChecksums.js';
import type { RunSummary } from './types.js';

/**
 * Issue 10, Deliver 3, the locked document: a Vtiger change to an invoice Xero has locked (AUTHORISED, PAID) waits
 * on XTQueue with cause `locked`, one XTLog line the run it is refused and none after while nothing changed, and goes
 * by itself — no edit in Vtiger — once the document lets it through: voided in Xero (sent as a new document), or the
 * admin allows void and re-create. A payment added in Xero does not let it through. A dry run writes nothing.
 * Sample invoices: INV1 (15, draft, approved in Xero by the bookkeeper), INV2 (16) and INV3 (17), both approved.
 */
const INV1 = 15;
const INV2 = 16;
const INV3 = 17;
let h: SyncHarness;
let ws: VtigerWebserviceClient;
/** Xero calls of a run with nothing to do, before anything waits. */
let noopCalls: number;
const org = () => h.sandbox.org(h.tenantId);
const sync = async (dryRun = false): Promise<RunSummary> => runSync(await h.deps(), { trigger: 'scheduled', dryRun });
const linesOf = async (runId: string, crmid: number) =>
  (await h.db.knex('vtiger_xtlog').where({ xtl_run_id: runId, xtl_related_to: crmid }).select('xtl_direction', 'xtl_status', 'xtl_message')) as Array<{ xtl_direction: string; xtl_status: string; xtl_message: string }>;
const allLines = async (runId: string) => (await h.db.knex('vtiger_xtlog').where({ xtl_run_id: runId }).count({ n: '*' })) as Array<{ n: number }>;
const waitOf = async (crmid: number) => (await h.db.knex('xtiger_record_waits').where({ module: 'Invoice', crmid }).first('cause', 'ref', 'reason', 'since')) as { cause: string; ref: string; reason: string; since: string | Date } | undefined;
const queueOf = async (crmid: number) => (await h.db.knex('vtiger_xtqueue').where('xtq_related_to', crmid).select('xtq_status', 'xtq_attempts', 'xtq_last_error')) as Array<{ xtq_status: string; xtq_attempts: number; xtq_last_error: string }>;
const blockOf = async (crmid: number) => (await h.db.knex('vtiger_invoicecf').where('invoiceid', crmid).first('xt_xero_id', 'xt_sync_status')) as { xt_xero_id: string; xt_sync_status: string };
const xeroIdOf = async (crmid: number) => ((await h.db.knex('xtiger_invoice_links').where({ crmid }).first('xero_id')) as { xero_id: string }).xero_id;
const setStatus = (invoiceId: string, status: string) => xeroAdmin(h.sandbox, 'POST', '/Invoices', { Invoices: [{ InvoiceID: invoiceId, Status: status }] });

/** A dry run now: no table changed, no write sent to Xero or Vtiger; its summary says what a real run would do. */
async function dryRunWritingNothing(): Promise<RunSummary> {
  const before = await checksums(h.db.knex);
  const writes = h.sandbox.stats().writes;
  const vtigerWrites = h.double.calls.filter((c) => ['create', 'revise', 'update', 'delete'].includes(c.operation)).length;
  const summary = await sync(true);
  expect(changedTables(before, await checksums(h.db.knex))).toEqual([]);
  expect(h.sandbox.stats().writes).toBe(writes);
  expect(h.double.calls.filter((c) => ['create', 'revise', 'update', 'delete'].includes(c.operation))).toHaveLength(vtigerWrites);
  return summary;
}

beforeAll(async () => {
  h = await startSyncHarness();
  ws = await createVtigerWebserviceClient({ knex: h.db.knex, url: h.double.url, userName: 'admin' });
  const first = await sync();
  expect(first.pairs.invoices).toMatchObject({ created: 3, failed: 0 });
  // The bookkeeper approves the draft INV1 in Xero; the next run learns it from the payments pull.
  h.clock.advance(60_000);
  await setStatus(await xeroIdOf(INV1), 'AUTHORISED');
  h.clock.advance(60_000);
  await sync();
  const statuses = (await h.db.knex('xtiger_invoice_links').orderBy('crmid').select('xero_status')) as Array<{ xero_status: string }>;
  expect(statuses.map((s) => s.xero_status)).toEqual(['AUTHORISED', 'AUTHORISED', 'AUTHORISED']);
  h.clock.advance(30 * 60_000);
  const calls = h.sandbox.stats().calls;
  await sync();
  noopCalls = h.sandbox.stats().calls - calls;
}, 180_000);

afterAll(() => closeSyncHarness(h));

describe('a Vtiger change to an invoice Xero has locked', () => {
  let inv2: string;
  let since: string;

  it('waits on XTQueue with cause locked: one Conflict line saying which document and what to do, Xero untouched', async () => {
    inv2 = await xeroIdOf(INV2);
    h.clock.advance(60_000);
    await ws.revise({ id: `7x${INV2}`, hdnTaxType: 'group', LineItems: [{ productid: '14x12', quantity: '1', listprice: '199.00' }, { productid: '14x13', quantity: '6', listprice: '5.25' }] });
    await ws.revise({ id: `7x${INV3}`, subject: 'Initech - kit, second delivery' });
    h.clock.advance(5_000);
    const before = org().invoices.get(inv2);
    const dry = await dryRunWritingNothing();
    expect(dry.records.find((r) => r.crmid === INV2)?.message).toMatch(/waits/);

    const run = await sync();
    for (const crmid of [INV2, INV3]) {
      const lines = await linesOf(run.runId, crmid);
      expect(lines, String(crmid)).toHaveLength(1);
      expect(lines[0]).toMatchObject({ xtl_direction: 'Vtiger to Xero', xtl_status: 'Conflict' });
      expect(lines[0]?.xtl_message).toMatch(/is AUTHORISED and Xero allows no edits to it, so the change waits\. It is sent by itself as soon as .* voided or deleted in Xero/);
      expect(await waitOf(crmid)).toMatchObject({ cause: 'locked', ref: await xeroIdOf(crmid) });
      expect(await queueOf(crmid)).toEqual([{ xtq_status: 'Queued', xtq_attempts: 0, xtq_last_error: lines[0]?.xtl_message }]);
      expect((await blockOf(crmid)).xt_sync_status).toBe('Conflict');
    }
    expect(org().invoices.get(inv2)).toEqual(before);
    since = String((await waitOf(INV2))?.since);
  });

  it('the next runs, nothing changed, write no line, nothing to Xero, and make no more Xero calls than before anything waited', async () => {
    for (let i = 0; i < 2; i++) {
      h.clock.advance(30 * 60_000);
      const writes = h.sandbox.stats().writes;
      const calls = h.sandbox.stats().calls;
      const run = await sync();
      expect(await allLines(run.runId)).toEqual([{ n: 0 }]);
      expect(h.sandbox.stats().writes).toBe(writes);
      expect(h.sandbox.stats().calls - calls).toBe(noopCalls);
      expect(String((await waitOf(INV2))?.since)).toBe(since);
    }
  });

  it('voided in Xero by the bookkeeper: the next run sends the Vtiger invoice as a new Xero document and clears the wait, with no Vtiger edit', async () => {
    await setStatus(inv2, 'VOIDED');
    h.clock.advance(60_000);
    const modified = (await h.db.knex('vtiger_crmentity').where('crmid', INV2).first('modifiedtime')) as { modifiedtime: unknown };
    const dry = await dryRunWritingNothing();
    expect(dry.records.find((r) => r.crmid === INV2)).toMatchObject({ action: 'created' });

    const run = await sync();
    const lines = await linesOf(run.runId, INV2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ xtl_direction: 'Vtiger to Xero', xtl_status: 'Success' });
    expect(lines[0]?.xtl_message).toMatch(/was sent to Xero as sales invoice INV2: total 292\.74 .* It had waited since .* because Xero had locked INV2\./);
    const fresh = await xeroIdOf(INV2);
    expect(fresh).not.toBe(inv2);
    expect(org().invoices.get(inv2)?.Status).toBe('VOIDED');
    expect(org().invoices.get(fresh)).toMatchObject({ InvoiceNumber: 'INV2', Status: 'AUTHORISED', Total: 292.74 });
    expect(await waitOf(INV2)).toBeUndefined();
    expect((await queueOf(INV2)).map((q) => q.xtq_status)).toEqual(['Done']);
    expect(await blockOf(INV2)).toEqual({ xt_xero_id: fresh, xt_sync_status: 'Synced' });
    expect((await h.db.knex('vtiger_crmentity').where('crmid', INV2).first('modifiedtime')) as unknown).toEqual(modified);
  });

  it('paid in Xero: the payment comes back to Vtiger, the change still waits, and no line says it again', async () => {
    const inv3 = await xeroIdOf(INV3);
    await xeroAdmin(h.sandbox, 'PUT', '/Payments', { Payments: [{ Invoice: { InvoiceID: inv3 }, Account: { Code: '090' }, Amount: 680.63, Date: '2024-06-01' }] });
    h.clock.advance(60_000);
    await dryRunWritingNothing();
    const paid = await sync();
    expect((await linesOf(paid.runId, INV3)).map((l) => [l.xtl_direction, l.xtl_status])).toEqual([['Xero to Vtiger', 'Success']]);
    expect(await waitOf(INV3)).toMatchObject({ cause: 'locked', ref: inv3 });
    expect(await queueOf(INV3)).toMatchObject([{ xtq_status: 'Queued', xtq_attempts: 0 }]);
    expect((await blockOf(INV3)).xt_sync_status).toBe('Conflict');

    // The payment written back is a Vtiger save: the next run meets the same change again and stays quiet.
    h.clock.advance(60_000);
    await dryRunWritingNothing();
    const echo = await sync();
    expect(await linesOf(echo.runId, INV3)).toEqual([]);
    const wait = await waitOf(INV3);
    expect(JSON.parse(wait?.reason ?? '{}')).toMatchObject({ key: 'invoice.waiting.lockedPaid', params: { status: 'PAID' } });
    expect((await queueOf(INV3))[0]).toMatchObject({ xtq_status: 'Queued', xtq_attempts: 0, xtq_last_error: expect.stringMatching(/has payments, so the change waits/) as unknown });
  });

  it('the admin allows void and re-create: the next run re-creates the unpaid waiting invoice; the paid one keeps waiting', async () => {
    h.clock.advance(60_000);
    await ws.revise({ id: `7x${INV1}`, duedate: '2024-08-31' });
    h.clock.advance(5_000);
    const refused = await sync();
    expect((await linesOf(refused.runId, INV1)).map((l) => l.xtl_status)).toEqual(['Conflict']);
    const old = await xeroIdOf(INV1);

    await saveInvoiceSyncSettings(h.db.knex, { onLockedChange: 'voidAndRecreate' });
    h.clock.advance(60_000);
    await dryRunWritingNothing();
    const run = await sync();
    const lines = await linesOf(run.runId, INV1);
    expect(lines.map((l) => l.xtl_status)).toEqual(['Success']);
    expect(lines[0]?.xtl_message).toMatch(/voided and re-created/);
    expect(org().invoices.get(old)?.Status).toBe('VOIDED');
    expect(org().invoices.get(await xeroIdOf(INV1))).toMatchObject({ InvoiceNumber: 'INV1', Status: 'DRAFT' }); // the status Vtiger's "Created" maps to
    expect(String(org().invoices.get(await xeroIdOf(INV1))?.DueDate)).toContain(String(Date.UTC(2024, 7, 31)));
    expect(await waitOf(INV1)).toBeUndefined();
    expect(await linesOf(run.runId, INV3)).toEqual([]);
    expect(await waitOf(INV3)).toMatchObject({ cause: 'locked' });
  });

  it('a receipt the bookkeeper reconciled in Xero: the change Xero refuses waits, and goes once it is unreconciled there', async () => {
    await saveInvoiceSyncSettings(h.db.knex, { onLockedChange: 'voidAndRecreate', receiptBankAccount: '090' });
    const created = await ws.create('Invoice', {
      subject: 'Initech - kit (receipt)', account_id: '11x4', invoicedate: '2024-05-20', duedate: '2024-06-19', invoicestatus: 'Approved', hdnTaxType: 'individual',
      bill_street: '1 Office Park', ship_street: '1 Office Park', assigned_user_id: '19x1', currency_id: '21x1', xt_invoice_type: 'Receipt',
      LineItems: [{ productid: '14x11', quantity: '4', listprice: '49.50' }],
    });
    const receipt = Number(String(created['id']).split('x')[1]);
    h.clock.advance(5_000);
    await sync();
    const id = await xeroIdOf(receipt);
    const reconcile = (on: boolean) => {
      const bt = org().bankTransactions.get(id);
      if (!bt) throw new Error('no receipt in Xero');
      org().bankTransactions.put({ ...bt, IsReconciled: on, UpdatedDateUTC: org().stamp() });
    };
    reconcile(true);
    h.clock.advance(60_000);
    await ws.revise({ id: String(created['id']), subject: 'Initech - kit (receipt, corrected)' });
    h.clock.advance(5_000);
    const refused = await sync();
    const lines = await linesOf(refused.runId, receipt);
    expect(lines.map((l) => l.xtl_status)).toEqual(['Conflict']);
    expect(lines[0]?.xtl_message).toMatch(/its Xero receipt \(money received into 090\) INV\d+ Initech - kit \(receipt\) is reconciled and Xero allows no edits to it, so the change waits\. It is sent by itself as soon as .* is unreconciled or deleted in Xero\./);
    expect(await waitOf(receipt)).toMatchObject({ cause: 'locked', ref: id });

    h.clock.advance(30 * 60_000);
    expect(await linesOf((await sync()).runId, receipt)).toEqual([]);

    reconcile(false);
    h.clock.advance(60_000);
    await dryRunWritingNothing();
    const sent = await sync();
    expect((await linesOf(sent.runId, receipt)).map((l) => l.xtl_status)).toEqual(['Success']);
    expect(org().bankTransactions.get(id)?.Reference).toContain('Initech - kit (receipt, corrected)');
    expect(await waitOf(receipt)).toBeUndefined();
  });
});
