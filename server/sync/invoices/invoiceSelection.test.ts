import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/translate.js';
import { parseInvoiceSyncSettings, type InvoiceSyncSettingsInput } from './invoiceSettings.js';
import { invoiceNotSelected } from './invoiceSelection.js';
import { invoice } from './testing/invoiceFixtures.js';

const LINES = { lines: [{ quantity: '1', listPrice: '10' }], total: '10', number: 'INV9', subject: 'Kit' };
const of = (status: string, allowSync = false) => ({ ...invoice({ ...LINES, status }), xero: { allowSync, xeroId: null, syncStatus: null, lastSync: null, invoiceType: 'Sales Invoice' } });
const settings = (input: InvoiceSyncSettingsInput) => parseInvoiceSyncSettings(input);

describe('invoiceNotSelected', () => {
  const approvedOnly = settings({ selection: 'status', selectionStatuses: ['Approved'] });

  it('by status: a chosen status goes, any other is not sent, in or out of Xero', () => {
    expect(invoiceNotSelected(of('Approved'), false, approvedOnly)).toBeUndefined();
    expect(invoiceNotSelected(of('Created'), false, approvedOnly)).toEqual({ key: 'invoice.skip.statusNotSelected', params: { record: 'INV9 "Kit"', status: 'Created' } });
    // Already in Xero and moved out of the selection: left alone.
    expect(invoiceNotSelected(of('Sent'), true, approvedOnly)?.key).toBe('invoice.skip.statusNotSelected');
  });

  it('by status: a Cancel of one in Xero still goes (to be voided or deleted); one never sent stays out', () => {
    expect(invoiceNotSelected(of('Cancel'), true, approvedOnly)).toBeUndefined();
    expect(invoiceNotSelected(of('Cancel'), false, approvedOnly)?.key).toBe('invoice.skip.statusNotSelected');
  });

  it('all and allowSync as before', () => {
    expect(invoiceNotSelected(of('Created'), false, settings({}))).toBeUndefined();
    expect(invoiceNotSelected(of('Created', true), false, settings({ selection: 'allowSync' }))).toBeUndefined();
    expect(invoiceNotSelected(of('Approved', false), true, settings({ selection: 'allowSync' }))?.key).toBe('invoice.skip.notSelected');
  });

  it('says the record and its status in English and Japanese', () => {
    const why = invoiceNotSelected(of('Created'), false, approvedOnly);
    expect(why && translate('en_us', why.key, why.params)).toBe('INV9 "Kit" is not selected for sync: its Status "Created" is not one of the statuses chosen in Sync Settings → Invoices.');
    expect(why && translate('ja_jp', why.key, why.params)).toContain('ステータス「Created」');
  });
});

describe('invoice selection settings', () => {
  it('stored before status selections existed ("all", "allowSync") read unchanged, with no statuses', () => {
    expect(settings({ selection: 'allowSync' })).toMatchObject({ selection: 'allowSync', selectionStatuses: [] });
    expect(settings({ selection: 'all' })).toMatchObject({ selection: 'all', selectionStatuses: [] });
  });

  it('refuses a status selection with no status, naming the setting', () => {
    expect(() => settings({ selection: 'status' })).toThrow(/selectionStatuses: choose at least one Status/);
  });
});
