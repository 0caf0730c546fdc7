/**
 * The rules a real CRM's dirty data meets in Xero, through xero-node with summarizeErrors=false: e-mails on
 * contacts and contact persons, Item Code rules (required, ≤ 30, unique ignoring case and surrounding spaces; Name
 * ≤ 50), contact names unique as Xero compares them, a currency added by an admin (PUT /Currencies), and JPY
 * amounts kept at 2 dp like every currency (see totals.ts for the sources).
 */
import { describe, expect, it } from 'vitest';
import type { Contact, Contacts, Invoices, Item, Items } from 'xero-node';
import { createVirtualClock } from './clock.js';
import { sdkClientFor } from './testing/sdkClient.js';
import { useXeroSandbox } from './testing/useXeroSandbox.js';

const ctx = useXeroSandbox({ clock: createVirtualClock(Date.UTC(2026, 2, 2, 9, 0, 0)), limits: { perMinute: 10_000 } });
const t = (): string => ctx.sandbox.demoTenantId;
const contacts = (list: Partial<Contact>[]): Contacts => ({ contacts: list as Contact[] });
const items = (list: Partial<Item>[]): Items => ({ items: list as Item[] });
const messages = (el: { validationErrors?: Array<{ message?: string }> } | undefined): Array<string | undefined> => el?.validationErrors?.map((v) => v.message) ?? [];

describe('dirty data meets Xero', () => {
  it('refuses an invalid e-mail on the contact and on a contact person, element by element', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const res = await xero.accountingApi.createContacts(t(), contacts([
      { name: 'Mail Ok', emailAddress: ' ok@example.test ' },
      { name: 'Mail Bad', emailAddress: 'info@@example' },
      { name: 'Person Bad', contactPersons: [{ firstName: 'A', lastName: 'B', emailAddress: 'a.b(at)example.test' }] },
      { name: 'Person Ok', contactPersons: [{ firstName: 'C', lastName: 'D', emailAddress: 'c.d@example.test' }] },
    ]), false);
    const out = res.body.contacts ?? [];
    expect(out.map((c) => c.statusAttributeString)).toEqual(['OK', 'ERROR', 'ERROR', 'OK']);
    expect(messages(out[1])).toEqual(['Email address must be valid.']);
    expect(messages(out[2])).toEqual(['Email address must be valid.']);
    expect(ctx.sandbox.org(t()).contacts.find((c) => c.Name === 'Person Ok')?.['ContactPersons']).toHaveLength(1);
  });

  it('compares contact names ignoring case and surrounding spaces, among active contacts', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    await xero.accountingApi.createContacts(t(), contacts([{ name: '株式会社サンプル' }]), false);
    const res = await xero.accountingApi.createContacts(t(), contacts([{ name: ' 株式会社サンプル ' }, { name: 'MAIL OK' }, { name: 'Mail Ok 2' }]), false);
    const out = res.body.contacts ?? [];
    expect(out.map((c) => c.statusAttributeString)).toEqual(['ERROR', 'ERROR', 'OK']);
    expect(messages(out[0])).toEqual(['The contact name 株式会社サンプル is already assigned to another contact. The contact name must be unique across all active contacts.']);
  });

  it('Item Code: required, at most 30 characters after trimming, unique ignoring case and spaces; Name at most 50', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const res = await xero.accountingApi.createItems(t(), items([
      { code: 'tn-2000', name: 'Toner' },
      { code: ' TN-2000 ', name: 'Toner again' },
      { code: '', name: 'No code' },
      { code: 'C'.repeat(31), name: 'Long code' },
      { code: `  ${'D'.repeat(30)}  `, name: 'Thirty after trim' },
      { code: 'NAME-51', name: 'N'.repeat(51) },
      { code: 'NAME-50', name: 'N'.repeat(50) },
    ]), false);
    const out = res.body.items ?? [];
    expect(out.map((i) => i.statusAttributeString)).toEqual(['OK', 'ERROR', 'ERROR', 'ERROR', 'OK', 'ERROR', 'OK']);
    expect(messages(out[1])).toEqual(["Item code 'TN-2000' already exists."]);
    expect(messages(out[2])).toEqual(['Item Code must be specified.']);
    expect(messages(out[3])).toEqual(['Item Code must not be more than 30 characters long.']);
    expect(out[4]?.code).toBe('D'.repeat(30));
    expect(messages(out[5])).toEqual(['Item Name must not be more than 50 characters long.']);
    // POST by Code finds the item whatever the case: a second Vtiger product with "TN-2000" would update the first.
    const upsert = await xero.accountingApi.updateOrCreateItems(t(), items([{ code: 'TN-2000', name: 'Renamed' }]), false);
    expect(upsert.body.items?.[0]).toMatchObject({ statusAttributeString: 'OK', itemID: out[0]?.itemID, code: 'TN-2000' });
    expect(ctx.sandbox.org(t()).items.all().filter((i) => i.Code.toLowerCase() === 'tn-2000')).toHaveLength(1);
  });

  it('refuses a currency the organisation lacks until an admin adds it (PUT /Currencies)', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const invoice = { type: 'ACCREC', contact: { name: 'Swiss Customer' }, date: '2026-03-02', currencyCode: 'CHF', lineItems: [{ description: 'Work', quantity: 1, unitAmount: 10, accountCode: '200' }] };
    const before = await xero.accountingApi.createInvoices(t(), { invoices: [invoice] } as unknown as Invoices, false);
    expect(messages(before.body.invoices?.[0])).toEqual(['The currency code CHF is not valid for this organisation.']);
    const added = await xero.accountingApi.createCurrency(t(), { code: 'CHF' as never, description: 'Swiss Franc' });
    expect(added.body.currencies?.[0]).toMatchObject({ code: 'CHF', description: 'Swiss Franc' });
    const after = await xero.accountingApi.createInvoices(t(), { invoices: [invoice] } as unknown as Invoices, false);
    expect(after.body.invoices?.[0]?.statusAttributeString).toBe('OK');
    expect(after.body.invoices?.[0]?.currencyCode).toBe('CHF');
  });

  it('keeps JPY amounts at 2 dp like every currency (no rounding to whole yen)', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const res = await xero.accountingApi.createInvoices(t(), { invoices: [{
      type: 'ACCREC', contact: { name: 'Yen Customer' }, date: '2026-03-02', currencyCode: 'JPY', status: 'AUTHORISED',
      lineItems: [{ description: 'Paper', quantity: 3, unitAmount: 100.5, accountCode: '200', taxType: 'TAX002' }], // 301.50, 10 % = 30.15
    }] } as unknown as Invoices, false);
    const inv = res.body.invoices?.[0];
    expect(inv?.statusAttributeString).toBe('OK');
    expect(inv?.lineItems?.map((l) => [l.unitAmount, l.lineAmount, l.taxAmount])).toEqual([[100.5, 301.5, 30.15]]);
    expect([inv?.subTotal, inv?.totalTax, inv?.total, inv?.amountDue]).toEqual([301.5, 30.15, 331.65, 331.65]);
  });
});
