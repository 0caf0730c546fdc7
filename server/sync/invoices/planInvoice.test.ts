import { describe, expect, it } from 'vitest';
import type { InvoiceLink } from './invoiceLinks.js';
import { parseInvoiceSyncSettings, type InvoiceSyncSettingsInput } from './invoiceSettings.js';
import { invoiceTypeOf, lockedDocumentReleased, planInvoice, type InvoicePlan, type PlanInput } from './planInvoice.js';
import { invoice, sandboxAccounts, sandboxTaxRates, type InvoiceSpec } from './testing/invoiceFixtures.js';

const SPEC: InvoiceSpec = { lines: [{ quantity: '2', listPrice: '10', taxes: { tax2: '10.000' } }], total: '22', status: 'Sent' };

function input(spec: Partial<InvoiceSpec> = {}, link?: Partial<InvoiceLink> | null, settings: InvoiceSyncSettingsInput = {}): PlanInput {
  const s = parseInvoiceSyncSettings(settings);
  return {
    // A sales invoice as Vtiger stores it once XTiger is installed (the field's default fills it).
    invoice: { ...invoice({ ...SPEC, ...spec }), xero: { allowSync: true, xeroId: null, syncStatus: null, lastSync: null, invoiceType: 'Sales Invoice' } },
    link: link === null || link === undefined ? undefined : {
      crmid: 15, xeroId: 'x-1', kind: 'invoice', xeroNumber: 'INV1', contentHash: 'old', xeroStatus: 'DRAFT', xeroTotal: '22.00', reconciled: false,
      amountPaid: null, amountDue: null, origin: 'vtiger', xeroUpdatedAt: null, lastSyncedAt: new Date(0), ...link,
    },
    settings: s,
    contactId: 'c-1',
    base: { settings: s, rates: sandboxTaxRates(), currencies: new Set(['USD']), accounts: sandboxAccounts(), systemRoundingAccount: '860', itemCodes: new Map() },
  };
}

const hashOf = (plan: InvoicePlan) => (plan.action === 'create' || plan.action === 'update' ? plan.hash : '');

describe('planInvoice', () => {
  it('creates what is not linked, updates an editable document, leaves an unchanged one alone', () => {
    const created = planInvoice(input());
    expect(created.action).toBe('create');
    expect(planInvoice(input({}, { contentHash: 'old', xeroStatus: 'DRAFT' })).action).toBe('update');
    expect(planInvoice(input({}, { contentHash: hashOf(created), xeroStatus: 'AUTHORISED' })).action).toBe('unchanged');
  });

  it('only moves a status forward: DRAFT in Xero and Sent in Vtiger is an update, PAID in Xero is no change', () => {
    const hash = hashOf(planInvoice(input()));
    expect(planInvoice(input({}, { contentHash: hash, xeroStatus: 'DRAFT' })).action).toBe('update');
    expect(planInvoice(input({ status: 'Created' }, { contentHash: hash, xeroStatus: 'AUTHORISED' })).action).toBe('unchanged');
    expect(planInvoice(input({}, { contentHash: hash, xeroStatus: 'PAID' })).action).toBe('unchanged');
  });

  it('never edits a locked document: the change waits (with its hash), or the unpaid one is voided and re-created when allowed', () => {
    const waiting = planInvoice(input({}, { xeroStatus: 'AUTHORISED' }));
    expect(waiting).toMatchObject({ action: 'locked', link: { xeroId: 'x-1' }, reason: { key: 'invoice.waiting.locked', params: { status: 'AUTHORISED', number: 'INV1' } } });
    expect(waiting.action === 'locked' ? waiting.hash : '').toBe(hashOf(planInvoice(input())));
    expect(planInvoice(input({}, { xeroStatus: 'AUTHORISED' }, { onLockedChange: 'voidAndRecreate' }))).toMatchObject({ action: 'create', replaces: { how: 'void' } });
    expect(planInvoice(input({}, { xeroStatus: 'AUTHORISED', amountPaid: '5.00' }, { onLockedChange: 'voidAndRecreate' }))).toMatchObject({ action: 'locked', reason: { key: 'invoice.waiting.lockedPaid' } });
    expect(planInvoice(input({}, { xeroStatus: 'PAID' }, { onLockedChange: 'voidAndRecreate' }))).toMatchObject({ action: 'locked', reason: { key: 'invoice.waiting.lockedPaid' } });
    expect(planInvoice(input({}, { kind: 'receipt', xeroStatus: 'AUTHORISED', reconciled: true }))).toMatchObject({ action: 'locked', reason: { key: 'invoice.waiting.lockedReceipt' } });
  });

  it('says a locked document lets a waiting change through exactly when the plan would send it', () => {
    const cases: Array<[Partial<InvoiceLink>, InvoiceSyncSettingsInput, boolean]> = [
      [{ xeroStatus: 'AUTHORISED' }, {}, false],
      [{ xeroStatus: 'PAID' }, { onLockedChange: 'voidAndRecreate' }, false],
      [{ xeroStatus: 'AUTHORISED', amountPaid: '5.00' }, { onLockedChange: 'voidAndRecreate' }, false],
      [{ xeroStatus: 'AUTHORISED', amountPaid: '0.00' }, { onLockedChange: 'voidAndRecreate' }, true],
      [{ xeroStatus: 'VOIDED' }, {}, true],
      [{ xeroStatus: 'DELETED' }, {}, true],
      [{ xeroStatus: 'DRAFT' }, {}, true],
      [{ xeroStatus: 'SUBMITTED' }, {}, true],
      [{ kind: 'receipt', xeroStatus: 'AUTHORISED', reconciled: true }, { onLockedChange: 'voidAndRecreate' }, false],
      [{ kind: 'receipt', xeroStatus: 'AUTHORISED', reconciled: false }, {}, true],
    ];
    for (const [link, settings, released] of cases) {
      const i = input({}, link, settings);
      expect(lockedDocumentReleased(i.link as InvoiceLink, i.settings), JSON.stringify(link)).toBe(released);
      expect(planInvoice(i).action === 'locked', JSON.stringify(link)).toBe(!released);
    }
  });

  it('a changed Xero Invoice Type replaces an editable document', () => {
    const spec = { ...SPEC };
    const plan = planInvoice({ ...input(spec, { kind: 'bill', xeroStatus: 'DRAFT' }) });
    expect(plan).toMatchObject({ action: 'create', replaces: { how: 'delete' } });
  });

  it("reads the stored Xero Invoice Type: XTiger 1.0.0's 'Invoice' (not yet renamed) and an empty one are sales invoices, never bills", () => {
    const kindFor = (stored: string | null) => {
      const plan = planInvoice({ ...input(), invoice: { ...invoice(SPEC), xero: { allowSync: true, xeroId: null, syncStatus: null, lastSync: null, invoiceType: stored } } });
      return plan.action === 'create' ? plan.built.draft.kind : plan.action;
    };
    expect([kindFor('Invoice'), kindFor('Sales Invoice'), kindFor(null), kindFor('Bill')]).toEqual(['invoice', 'invoice', 'invoice', 'bill']);
    expect(invoiceTypeOf({ ...invoice(SPEC), xero: { allowSync: true, xeroId: null, syncStatus: null, lastSync: null, invoiceType: 'Invoice' } })).toBe('Sales Invoice');
  });

  it('an empty Xero Invoice Type takes the default chosen in Sync Settings; a stored type never does', () => {
    const kindFor = (stored: string | null) => {
      const plan = planInvoice({ ...input(), defaultType: 'Bill', invoice: { ...invoice(SPEC), xero: { allowSync: true, xeroId: null, syncStatus: null, lastSync: null, invoiceType: stored } } });
      return plan.action === 'create' ? plan.built.draft.kind : plan.action;
    };
    expect([kindFor(null), kindFor(''), kindFor('Sales Invoice'), kindFor('Invoice')]).toEqual(['bill', 'bill', 'invoice', 'invoice']);
    // Already sent as a sales invoice with an empty type: a later default of Bill does not turn it into a bill.
    const sent = planInvoice({ ...input({}, { kind: 'invoice', xeroStatus: 'DRAFT' }), defaultType: 'Bill', invoice: { ...invoice(SPEC), xero: { allowSync: true, xeroId: null, syncStatus: null, lastSync: null, invoiceType: '' } } });
    expect(sent.action === 'update' || sent.action === 'unchanged').toBe(true);
  });

  it('cancelled invoices: never sent → skip; draft → delete; authorised unpaid → void; paid → skip', () => {
    expect(planInvoice(input({ status: 'Cancel' }))).toMatchObject({ action: 'skip', reason: { key: 'invoice.skip.cancelledNotSent' } });
    expect(planInvoice(input({ status: 'Cancel' }, { xeroStatus: 'DRAFT' }))).toMatchObject({ action: 'cancel', how: 'delete' });
    expect(planInvoice(input({ status: 'Cancel' }, { xeroStatus: 'AUTHORISED' }))).toMatchObject({ action: 'cancel', how: 'void' });
    expect(planInvoice(input({ status: 'Cancel' }, { xeroStatus: 'PAID' }))).toMatchObject({ action: 'skip', reason: { key: 'invoice.skip.cancelledPaid' } });
    expect(planInvoice(input({ status: 'Cancel' }, { xeroStatus: 'VOIDED' })).action).toBe('unchanged');
  });

  it('refuses a credit invoice and an invoice without a Xero contact, saying which record is missing', () => {
    expect(planInvoice(input({ status: 'Credit Invoice' }))).toMatchObject({ action: 'refuse', reason: { key: 'invoice.refused.creditInvoice' } });
    const noContact = { ...input(), contactId: undefined, missingParty: { module: 'Organization', name: 'Acme Corporation' } };
    expect(planInvoice(noContact)).toMatchObject({ action: 'refuse', reason: { key: 'invoice.refused.contactNotInXero', params: { name: 'Acme Corporation' } } });
  });

  it('an invoice with a line whose item XTiger refused waits for that item (item codes on), naming the line and the item', () => {
    const refused = { ...input({ lines: [{ quantity: '2', listPrice: '10', taxes: { tax2: '10.000' }, productId: 77 }] }), refusedItems: new Map([[77, 'Toner upper (PRO12)']]) };
    expect(planInvoice(refused)).toMatchObject({ action: 'refuse', reason: { key: 'invoice.refused.itemNotInXero', params: { line: 1, item: 'Toner upper (PRO12)', itemCrmid: 77 } } });
    // An item of another line, or item codes off: nothing to wait for.
    expect(planInvoice({ ...refused, refusedItems: new Map([[78, 'Other']]) }).action).toBe('create');
    const codesOff = input({ lines: [{ quantity: '2', listPrice: '10', taxes: { tax2: '10.000' }, productId: 77 }] }, undefined, { useItemCodes: false });
    expect(planInvoice({ ...codesOff, refusedItems: new Map([[77, 'Toner upper (PRO12)']]) }).action).toBe('create');
  });
});
