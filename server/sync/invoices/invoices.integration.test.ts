import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice, LineAmountTypes } from 'xero-node';
import { readInvoices } from '../../vtiger/records/invoices.js';
import type { XeroInvoiceType } from '../../vtiger/xeroInformationBlock.js';
import type { XeroInvoice as SandboxInvoice } from '../../xeroSandbox/model.js';
import { sdkClientFor } from '../../xeroSandbox/testing/sdkClient.js';
import { syncPaymentsToVtiger } from '../payments/syncPaymentsToVtiger.js';
import { saveInvoiceSyncSettings } from './invoiceSettings.js';
import { runInvoiceSync } from './runInvoiceSync.js';
import { syncInvoicesToXero } from './syncInvoicesToXero.js';
import { syncXeroInvoicesToVtiger } from './syncXeroInvoicesToVtiger.js';
import { formatTotalsTable, invoiceTotalsSideBySide } from './totalsSideBySide.js';
import { startInvoiceHarness, type InvoiceHarness } from './testing/invoiceHarness.js';
import { closeSyncHarness } from '../run/testing/closeSyncHarness.js';

let h: InvoiceHarness;

beforeAll(async () => {
  h = await startInvoiceHarness();
  // The combined rate Vtiger's group tax needs (VAT + Sales + Service = 27 %) is in the sandbox's demo
  // organisation, as an admin creates it in Xero (server/xeroSandbox/demoOrganisation.ts).
  expect(h.sandbox.org(h.sandbox.demoTenantId).taxRates.all().find((r) => r.Name === 'VAT + Sales + Service')?.TaxComponents.map((c) => c.Rate)).toEqual([4.5, 10, 12.5]);
}, 120_000);

afterAll(() => closeSyncHarness(h));

const org = () => h.sandbox.org(h.sandbox.demoTenantId);
const byNumber = (n: string): SandboxInvoice | undefined => org().invoices.find((i) => i.InvoiceNumber === n && i.Status !== 'VOIDED' && i.Status !== 'DELETED');
const taxes = (i: SandboxInvoice | undefined) => i?.LineItems.map((l) => l.TaxAmount.toFixed(2));

async function xtlog(crmid: number): Promise<Array<{ xtl_status: string; xtl_action: string; xtl_message: string; xtl_direction: string }>> {
  return (await h.db.knex('vtiger_xtlog as l').join('vtiger_crmentity as e', 'e.crmid', 'l.xtlogid').where('e.deleted', 0).andWhere('l.xtl_related_to', crmid).orderBy('l.xtlogid').select('l.*')) as Array<{ xtl_status: string; xtl_action: string; xtl_message: string; xtl_direction: string }>;
}

describe('the three sample invoices to Xero', () => {
  it('arrive with totals 575.38, 286.07 and 680.63 and the right tax per line', async () => {
    const summary = await syncInvoicesToXero(h.deps, { ids: [15, 16, 17] });
    expect(summary.records.map((r) => [r.invoiceNumber, r.outcome, r.vtigerTotal, r.xeroTotal])).toEqual([
      ['INV1', 'created', '575.38', '575.38'],
      ['INV2', 'created', '286.07', '286.07'],
      ['INV3', 'created', '680.63', '680.63'],
    ]);
    const [inv1, inv2, inv3] = [byNumber('INV1'), byNumber('INV2'), byNumber('INV3')];
    expect([inv1?.Total, inv2?.Total, inv3?.Total]).toEqual([575.38, 286.07, 680.63]);
    expect(taxes(inv1)).toEqual(['9.00', '14.36', '28.13', '0.00']);
    expect(inv1?.LineItems.map((l) => l.TaxType)).toEqual(['TAX001', 'TAX004', 'TAX003', 'NONE']);
    expect(inv1?.LineItems[3]).toMatchObject({ Description: 'Rounding', LineAmount: -0.01, AccountCode: '860' });
    expect(taxes(inv2)).toEqual(['53.73', '7.09']);
    expect(taxes(inv3)?.slice(0, 3)).toEqual(['28.71', '34.02', '0.00']);
    expect(inv3?.LineItems[1]).toMatchObject({ DiscountRate: 10, LineAmount: 340.2 });
    expect([inv1?.Status, inv2?.Status, inv3?.Status]).toEqual(['DRAFT', 'AUTHORISED', 'AUTHORISED']);
    expect(inv1?.Contact.Name).toBe('Acme Corporation');
    expect(inv1?.LineItems[0]).toMatchObject({ ItemCode: 'WID-001', Quantity: 10, UnitAmount: 19.99, Description: 'Widget A\n10 boxes' });
    const log = await xtlog(15);
    expect(log.at(-1)).toMatchObject({ xtl_status: 'Success', xtl_action: 'Create', xtl_direction: 'Vtiger to Xero' });
    expect(log.at(-1)?.xtl_message).toContain('rounding line of -0.01');
    const block = (await h.db.knex('vtiger_invoicecf').where('invoiceid', 15).first('xt_xero_id', 'xt_sync_status')) as { xt_xero_id: string; xt_sync_status: string };
    expect(block).toEqual({ xt_xero_id: inv1?.InvoiceID, xt_sync_status: 'Synced' });
  });

  it("give the demo's side-by-side totals, read back from Xero", async () => {
    const rows = await invoiceTotalsSideBySide(h.deps, [15, 16, 17]);
    expect(rows.map((r) => [r.invoiceNumber, r.vtigerStored, r.vtigerTotal, r.xeroTotal, r.equal])).toEqual([
      ['INV1', '575.3755', '575.38', '575.38', true],
      ['INV2', '286.0675', '286.07', '286.07', true],
      ['INV3', '680.6335', '680.63', '680.63', true],
    ]);
    expect(formatTotalsTable(rows).split('\n')[2]).toMatch(/^INV1\s+Acme - hardware order\s+575\.3755\s+575\.38\s+575\.38\s+invoice INV1\s+=$/);
  });

  it('are not sent again when nothing changed', async () => {
    const writes = h.sandbox.stats().writes;
    const summary = await syncInvoicesToXero(h.deps, { ids: [15, 16, 17] });
    expect(summary.counts).toMatchObject({ unchanged: 3, created: 0, updated: 0 });
    expect(h.sandbox.stats().writes).toBe(writes);
  });
});

/**
 * INV3 as the sample data created it (webservice-requests.md), as a new invoice of the given Xero Invoice Type (a
 * value of XERO_INVOICE_TYPES, or 'Invoice' as XTiger 1.0.0 stored it).
 */
function inv3Element(type: XeroInvoiceType | 'Invoice', subject: string): Record<string, unknown> {
  return {
    subject, account_id: '11x4', contact_id: '12x8', invoicedate: '2024-05-20', duedate: '2024-06-19', invoicestatus: 'Approved',
    hdnTaxType: 'individual', hdnDiscountPercent: '5', hdnS_H_Amount: '10.00', bill_street: '1 Office Park', ship_street: '1 Office Park',
    assigned_user_id: '19x1', currency_id: '21x1', xt_invoice_type: type,
    LineItems: [
      { productid: '14x11', quantity: '4', listprice: '49.50' },
      { productid: '14x12', quantity: '2', listprice: '189.00', discount_percent: '10' },
      { productid: '14x13', quantity: '20', listprice: '5.25' },
    ],
  };
}

describe('a run that stopped before storing its links', () => {
  it('finds the invoice Xero already has by its number and links it instead of failing on the duplicate', async () => {
    const before = byNumber('INV1');
    await h.db.knex('xtiger_invoice_links').where({ crmid: 15 }).delete();
    const summary = await syncInvoicesToXero(h.deps, { ids: [15] });
    expect(summary.records[0]).toMatchObject({ outcome: 'skipped', reasonKey: 'invoice.fromXero.linked', xeroId: before?.InvoiceID });
    const next = await syncInvoicesToXero(h.deps, { ids: [15] });
    expect(next.records[0]).toMatchObject({ outcome: 'updated', xeroId: before?.InvoiceID, xeroTotal: '575.38' });
    expect(org().invoices.all().filter((i) => i.InvoiceNumber === 'INV1')).toHaveLength(1);
  });
});

describe('the same invoice as a bill and as a receipt', () => {
  it('a bill (ACCPAY) and a RECEIVE bank transaction into the chosen bank account, both 680.63', async () => {
    await saveInvoiceSyncSettings(h.db.knex, { receiptBankAccount: '090' });
    const bill = await h.vtiger.create('Invoice', inv3Element('Bill', 'Initech - kit (bill)'));
    const receipt = await h.vtiger.create('Invoice', inv3Element('Receipt', 'Initech - kit (receipt)'));
    const crmids = [bill.id, receipt.id].map((id) => Number(String(id).split('x')[1]));
    const summary = await syncInvoicesToXero(h.deps, { ids: crmids });
    expect(summary.records.map((r) => [r.outcome, r.document, r.vtigerTotal, r.xeroTotal])).toEqual([
      ['created', 'bill', '680.63', '680.63'],
      ['created', 'receipt', '680.63', '680.63'],
    ]);
    const xeroBill = org().invoices.find((i) => i.Type === 'ACCPAY');
    expect(xeroBill).toMatchObject({ Total: 680.63, Status: 'AUTHORISED', InvoiceNumber: bill['invoice_no'] });
    expect(xeroBill?.LineItems.some((l) => l.DiscountRate !== undefined)).toBe(false);
    const received = org().bankTransactions.all();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ Type: 'RECEIVE', Total: 680.63, BankAccount: { Code: '090' }, Reference: `${String(receipt['invoice_no'])} Initech - kit (receipt)` });
    // A receipt is money received: the payments run marks its Vtiger invoice paid without asking Xero.
    const calls = h.sandbox.stats().calls;
    await syncPaymentsToVtiger(h.deps);
    const stored = (await h.db.knex('vtiger_invoice').where('invoiceid', crmids[1]).first('received', 'balance', 'invoicestatus')) as Record<string, string>;
    expect([Number(stored['received']).toFixed(2), Number(stored['balance']).toFixed(2), stored['invoicestatus']]).toEqual(['680.63', '0.00', 'Paid']);
    expect(h.sandbox.stats().calls - calls).toBe(1); // the invoices read for payments, nothing for the receipt
  });
});

describe("an invoice XTiger 1.0.0 stored as 'Invoice', not yet renamed by the module's update", () => {
  it('goes to Xero as a sales invoice (ACCREC), never as a bill', async () => {
    const old = await h.vtiger.create('Invoice', inv3Element('Invoice', 'Initech - kit (1.0.0)'));
    const summary = await syncInvoicesToXero(h.deps, { ids: [Number(String(old.id).split('x')[1])] });
    expect(summary.records.map((r) => [r.outcome, r.document])).toEqual([['created', 'invoice']]);
    expect(org().invoices.find((i) => i.InvoiceNumber === old['invoice_no'])).toMatchObject({ Type: 'ACCREC', Total: 680.63 });
  });
});

describe('an invoice whose Xero Invoice Type is empty (an import, a webservice create)', () => {
  it('goes as the default chosen in Sync Settings (the field default): a bill when it says Bill', async () => {
    const field = () => h.db.knex('vtiger_field').where({ fieldname: 'xt_invoice_type', tabid: h.db.knex('vtiger_tab').select('tabid').where('name', 'Invoice') });
    await field().update({ defaultvalue: 'Bill' });
    try {
      const created = await h.vtiger.create('Invoice', inv3Element('Sales Invoice', 'Initech - kit (imported)'));
      const crmid = Number(String(created.id).split('x')[1]);
      await h.db.knex('vtiger_invoicecf').where('invoiceid', crmid).update({ xt_invoice_type: '' });
      const summary = await syncInvoicesToXero(h.deps, { ids: [crmid] });
      expect(summary.records.map((r) => [r.outcome, r.document])).toEqual([['created', 'bill']]);
      expect(org().invoices.find((i) => i.InvoiceNumber === created['invoice_no'] && i.Type === 'ACCPAY')).toMatchObject({ Total: 680.63 });
    } finally {
      await field().update({ defaultvalue: 'Sales Invoice' });
    }
  });
});

describe('locked documents', () => {
  it('an AUTHORISED invoice edited in Vtiger is not changed in Xero: the change waits, logged as a conflict', async () => {
    const before = byNumber('INV2');
    await h.vtiger.revise({
      id: '7x16', hdnTaxType: 'group',
      LineItems: [{ productid: '14x12', quantity: '1', listprice: '199.00' }, { productid: '14x13', quantity: '6', listprice: '5.25' }],
    });
    const summary = await syncInvoicesToXero(h.deps);
    const inv2 = summary.records.find((r) => r.invoiceNumber === 'INV2');
    expect(inv2).toMatchObject({ outcome: 'skipped', reasonKey: 'invoice.waiting.locked' });
    expect(byNumber('INV2')).toEqual(before);
    const log = await xtlog(16);
    expect(log.at(-1)).toMatchObject({ xtl_status: 'Conflict', xtl_action: 'Skip' });
    expect(log.at(-1)?.xtl_message).toContain('is AUTHORISED and Xero allows no edits to it, so the change waits');
    const block = (await h.db.knex('vtiger_invoicecf').where('invoiceid', 16).first('xt_sync_status')) as { xt_sync_status: string };
    expect(block.xt_sync_status).toBe('Conflict');
    expect(await h.db.knex('xtiger_record_waits').where({ module: 'Invoice', crmid: 16 }).first('cause', 'ref')).toEqual({ cause: 'locked', ref: before?.InvoiceID });
  });

  it('when the admin allows it, the unpaid invoice is voided and re-created with the new total', async () => {
    await saveInvoiceSyncSettings(h.db.knex, { receiptBankAccount: '090', onLockedChange: 'voidAndRecreate' });
    const old = byNumber('INV2');
    const summary = await syncInvoicesToXero(h.deps, { ids: [16] });
    expect(summary.records[0]).toMatchObject({ outcome: 'created', vtigerTotal: '292.74', xeroTotal: '292.74' });
    expect(org().invoices.get(old?.InvoiceID ?? '')?.Status).toBe('VOIDED');
    expect(byNumber('INV2')).toMatchObject({ Total: 292.74, Status: 'AUTHORISED' });
    expect(summary.records[0]?.message).toContain('voided and re-created');
  });
});

describe('payments back to Vtiger', () => {
  it('a full payment marks the Vtiger invoice Paid, a partial one Partially Paid, with received and balance right', async () => {
    const xero = sdkClientFor(h.sandbox);
    const pay = (invoiceID: string, amount: number) =>
      xero.accountingApi.createPayment(h.sandbox.demoTenantId, { invoice: { invoiceID }, account: { code: '090' }, amount, date: '2024-06-01' });
    await pay(byNumber('INV3')?.InvoiceID ?? '', 680.63);
    await pay(byNumber('INV2')?.InvoiceID ?? '', 100);
    const summary = await syncPaymentsToVtiger(h.deps);
    expect(summary.counts.updated).toBe(2);
    const row = async (id: number) => {
      const r = (await h.db.knex('vtiger_invoice').where('invoiceid', id).first('received', 'balance', 'invoicestatus')) as Record<string, string>;
      return [Number(r['received']).toFixed(2), Number(r['balance']).toFixed(2), r['invoicestatus']];
    };
    expect(await row(17)).toEqual(['680.63', '0.00', 'Paid']);
    expect(await row(16)).toEqual(['100.00', '192.74', 'Partially Paid']);
    expect((await xtlog(16)).at(-1)).toMatchObject({ xtl_direction: 'Xero to Vtiger', xtl_status: 'Success', xtl_action: 'Update' });
    // The write-back is no Vtiger change for the invoice sync (no echo), and a second payments run writes nothing.
    const again = await syncInvoicesToXero(h.deps);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0, skipped: 0 });
    expect((await syncPaymentsToVtiger(h.deps)).counts.updated).toBe(0);
  });
});

describe('Xero invoices not in Vtiger', () => {
  it('are created in Vtiger with their lines (items resolved to products and services) when the direction includes Xero → Vtiger', async () => {
    const acme = (await h.db.knex('xtiger_links').where({ pair: 'accounts', crmid: 2 }).first('xero_id')) as { xero_id: string };
    const xero = sdkClientFor(h.sandbox);
    await xero.accountingApi.createInvoices(h.sandbox.demoTenantId, {
      invoices: [{
        type: Invoice.TypeEnum.ACCREC, contact: { contactID: acme.xero_id }, date: '2024-07-01', dueDate: '2024-07-31', reference: 'Entered in Xero',
        status: Invoice.StatusEnum.AUTHORISED, lineAmountTypes: LineAmountTypes.Exclusive,
        lineItems: [
          { itemCode: 'WID-001', description: 'Widget A', quantity: 3, unitAmount: 19.99, taxType: 'TAX001', accountCode: '200' },
          { itemCode: 'SER1', description: 'Installation', quantity: 2, unitAmount: 75, taxType: 'TAX003', accountCode: '200' },
        ],
      }],
    });
    // Default direction is Vtiger → Xero only: nothing comes back.
    expect((await syncXeroInvoicesToVtiger(h.deps)).counts.created).toBe(0);
    await saveInvoiceSyncSettings(h.db.knex, { receiptBankAccount: '090', onLockedChange: 'voidAndRecreate', direction: 'both' });
    const summary = await syncXeroInvoicesToVtiger(h.deps);
    expect(summary.records.map((r) => [r.outcome, r.xeroTotal, r.vtigerTotal])).toEqual([['created', '231.42', '231.42']]);
    const crmid = summary.records[0]?.crmid ?? 0;
    const [created] = await readInvoices(h.db.knex, [crmid]);
    expect(created).toMatchObject({ accountId: 2, status: 'Approved', subject: 'Entered in Xero', invoiceDate: '2024-07-01', taxMode: 'individual', xero: { invoiceType: 'Sales Invoice' } });
    expect(created?.lineItems.map((l) => [l.productId, l.quantity, l.listPrice, l.taxes.filter((t) => Number(t.percentage) > 0).map((t) => t.taxName)])).toEqual([
      [10, '3.000', '19.99000000', ['tax1']],
      [14, '2.000', '75.00000000', ['tax3']],
    ]);
    expect(Number(created?.total).toFixed(2)).toBe('231.42');
    // Linked, so neither direction sends it again.
    expect((await syncXeroInvoicesToVtiger(h.deps)).counts.created).toBe(0);
    const back = await syncInvoicesToXero(h.deps);
    expect(back.records.filter((r) => r.crmid === crmid).map((r) => r.outcome)).toEqual(['unchanged']);
    expect(back.counts).toMatchObject({ created: 0, updated: 0, skipped: 0, failed: 0 });
  });
});

describe('the invoice part of a run', () => {
  it('sends only the invoices among explicit ids, and runs all three parts otherwise', async () => {
    const some = await runInvoiceSync(h.deps, { ids: [2, 5, 15] });
    expect(some.toXero?.records.map((r) => [r.crmid, r.outcome])).toEqual([[15, 'unchanged']]);
    expect(some.payments).toBeUndefined();
    expect(await runInvoiceSync(h.deps, { ids: [2, 5] })).toEqual({});
    const all = await runInvoiceSync(h.deps, { trigger: 'scheduled' });
    expect(all.toXero?.counts).toMatchObject({ created: 0, failed: 0 });
    expect(all.payments?.counts.failed).toBe(0);
    expect(all.fromXero?.counts).toMatchObject({ created: 0, failed: 0 });
  });
});
