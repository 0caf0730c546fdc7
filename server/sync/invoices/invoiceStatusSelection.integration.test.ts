import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XeroInvoice as SandboxInvoice } from '../../xeroSandbox/model.js';
import { closeSyncHarness } from '../run/testing/closeSyncHarness.js';
import { saveInvoiceSyncSettings } from './invoiceSettings.js';
import { syncInvoicesToXero } from './syncInvoicesToXero.js';
import { startInvoiceHarness, type InvoiceHarness } from './testing/invoiceHarness.js';

/**
 * Sync Settings → Invoices → "records in these statuses" (Approved only), on the sample database, the webservice
 * double and the Xero sandbox: what goes, what says nothing, what enters later by the change feed alone, and what
 * an invoice already in Xero does when its Status leaves the selection (left alone) or becomes Cancel (voided).
 */
let h: InvoiceHarness;

beforeAll(async () => {
  h = await startInvoiceHarness();
  // voidAndRecreate: without the selection, a change to a sent (AUTHORISED) invoice would void and re-create it at
  // once — so "left alone" below is the selection's doing, not a locked document's wait.
  await saveInvoiceSyncSettings(h.db.knex, { selection: 'status', selectionStatuses: ['Approved'], onLockedChange: 'voidAndRecreate' });
}, 120_000);

afterAll(() => closeSyncHarness(h));

const org = () => h.sandbox.org(h.sandbox.demoTenantId);
const inXero = (n: string): SandboxInvoice[] => org().invoices.all().filter((i) => i.InvoiceNumber === n);
const scheduledRun = () => syncInvoicesToXero(h.deps, { trigger: 'scheduled' });
const crmidOf = (id: unknown) => Number(String(id).split('x')[1]);

async function xtlog(crmid: number): Promise<Array<{ xtl_status: string; xtl_action: string; xtl_message: string }>> {
  return (await h.db.knex('vtiger_xtlog as l').join('vtiger_crmentity as e', 'e.crmid', 'l.xtlogid').where('e.deleted', 0).andWhere('l.xtl_related_to', crmid).orderBy('l.xtlogid').select('l.*')) as Array<{
    xtl_status: string; xtl_action: string; xtl_message: string;
  }>;
}

/** modifiedtime has one-second resolution: an edit in the second the last run's checkpoint was taken could sort
 * before it. A person's edit comes later; so does this one. */
async function nextSecond(): Promise<void> {
  await new Promise((r) => setTimeout(r, 1050 - (Date.now() % 1000)));
}

const LINES = [
  { productid: '14x11', quantity: '4', listprice: '49.50' },
  { productid: '14x12', quantity: '2', listprice: '189.00' },
];

function element(subject: string, status: string): Record<string, unknown> {
  return {
    subject, account_id: '11x4', contact_id: '12x8', invoicedate: '2024-05-20', duedate: '2024-06-19', invoicestatus: status,
    hdnTaxType: 'individual', bill_street: '1 Office Park', ship_street: '1 Office Park', assigned_user_id: '19x1', currency_id: '21x1',
    xt_invoice_type: 'Sales Invoice', LineItems: LINES,
  };
}

describe('invoices selected by Status (Approved only)', () => {
  let approved: { crmid: number; number: string };
  let created: { crmid: number; number: string };

  it('a scheduled run sends only the Approved invoice; the others are not sent and leave no line', async () => {
    const a = await h.vtiger.create('Invoice', element('Approved kit', 'Approved'));
    const c = await h.vtiger.create('Invoice', element('Created kit', 'Created'));
    approved = { crmid: crmidOf(a.id), number: String(a['invoice_no']) };
    created = { crmid: crmidOf(c.id), number: String(c['invoice_no']) };

    const summary = await scheduledRun();
    // The sample's INV1 (Created), INV2 (Sent), INV3 (Paid) are in the change feed too: none is sent or said.
    expect(summary.records.map((r) => [r.invoiceNumber, r.outcome])).toEqual([[approved.number, 'created']]);
    expect(summary.counts).toMatchObject({ created: 1, updated: 0, skipped: 0, failed: 0 });
    expect(inXero(approved.number)).toMatchObject([{ Status: 'AUTHORISED' }]);
    for (const n of [created.number, 'INV1', 'INV2', 'INV3']) expect(inXero(n), n).toEqual([]);
    expect(await xtlog(created.crmid)).toEqual([]);
    expect(await xtlog(15)).toEqual([]);
  });

  it('"sync now" on an invoice outside the selection says why, naming its status', async () => {
    const summary = await syncInvoicesToXero(h.deps, { ids: [15] });
    expect(summary.records).toMatchObject([{ outcome: 'skipped', reasonKey: 'invoice.skip.statusNotSelected' }]);
    expect((await xtlog(15)).map((l) => [l.xtl_status, l.xtl_message])).toEqual([
      ['Skipped', 'INV1 "Acme - hardware order" is not selected for sync: its Status "Created" is not one of the statuses chosen in Sync Settings → Invoices.'],
    ]);
    expect(inXero('INV1')).toEqual([]);
  });

  it('moved to Approved, it goes with the next run by the change feed alone', async () => {
    await nextSecond();
    await h.vtiger.revise({ id: `7x${created.crmid}`, invoicestatus: 'Approved' });
    const summary = await scheduledRun();
    expect(summary.records.map((r) => [r.invoiceNumber, r.outcome])).toEqual([[created.number, 'created']]);
    const total = (await h.db.knex('vtiger_invoice').where({ invoiceid: created.crmid }).first('total')) as { total: string };
    expect(inXero(created.number)).toMatchObject([{ Status: 'AUTHORISED', Total: Number(Number(total.total).toFixed(2)) }]);
  });

  it('a sent invoice moved to a status not chosen is left alone in Xero, even with its lines changed', async () => {
    const before = inXero(approved.number);
    await nextSecond();
    await h.vtiger.revise({ id: `7x${approved.crmid}`, invoicestatus: 'Sent', hdnTaxType: 'individual', LineItems: [{ ...LINES[0], quantity: '9' }, LINES[1]] });
    const summary = await scheduledRun();
    expect(summary.records).toEqual([]);
    expect(inXero(approved.number)).toEqual(before);
    expect((await xtlog(approved.crmid)).map((l) => l.xtl_action)).toEqual(['Create']);
    expect(await h.db.knex('xtiger_record_waits').where({ module: 'Invoice', crmid: approved.crmid })).toEqual([]);
  });

  it('moved to Cancel (not chosen either), it is still voided in Xero', async () => {
    await nextSecond();
    await h.vtiger.revise({ id: `7x${approved.crmid}`, invoicestatus: 'Cancel' });
    const summary = await scheduledRun();
    expect(summary.records.map((r) => [r.invoiceNumber, r.outcome])).toEqual([[approved.number, 'deleted']]);
    expect(inXero(approved.number)).toMatchObject([{ Status: 'VOIDED' }]);
    expect((await xtlog(approved.crmid)).at(-1)).toMatchObject({ xtl_action: 'Delete', xtl_status: 'Success' });
  });
});
