import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { isXTigerError } from '../../errors/XTigerError.js';
import { addCustomField } from '../testing/addCustomField.js';
import { ModuleMetadataCache } from '../schema/ModuleMetadataCache.js';
import { XERO_FIELDS } from '../xeroInformationBlock.js';
import { readRecords } from './readRecords.js';
import { readContacts } from './contacts.js';
import { readInvoices, type VtigerInvoice } from './invoices.js';

let db: SampleDatabase;
const ALL_IDS = Array.from({ length: 40 }, (_, i) => i + 1);

beforeAll(async () => {
  db = await createSampleDatabase();
});
afterAll(async () => {
  await db?.drop();
});

function invoice(invoices: VtigerInvoice[], number: string): VtigerInvoice {
  const found = invoices.find((i) => i.recordNumber === number);
  if (!found) throw new Error(`no ${number}`);
  return found;
}

describe('typed records on the Vtiger 8.2 sample database', () => {
  it('reads 5 contacts, 3 organizations, 4 products, 1 service and 3 invoices', async () => {
    const counts = {
      Contacts: (await readRecords(db.knex, 'Contacts', ALL_IDS)).map((r) => r.recordNumber),
      Accounts: (await readRecords(db.knex, 'Accounts', ALL_IDS)).map((r) => r.recordNumber),
      Products: (await readRecords(db.knex, 'Products', ALL_IDS)).map((r) => r.recordNumber),
      Services: (await readRecords(db.knex, 'Services', ALL_IDS)).map((r) => r.recordNumber),
      Invoice: (await readRecords(db.knex, 'Invoice', ALL_IDS)).map((r) => r.recordNumber),
    };
    expect(counts).toEqual({
      Contacts: ['CON1', 'CON2', 'CON3', 'CON4', 'CON5'],
      Accounts: ['ACC1', 'ACC2', 'ACC3'],
      Products: ['PRO1', 'PRO2', 'PRO3', 'PRO4'],
      Services: ['SER1'],
      Invoice: ['INV1', 'INV2', 'INV3'],
    });
  });

  it('reads contacts exactly as stored: UTF-8, multi-line streets, owner, times', async () => {
    const [john, jane, hans, , maria] = await readContacts(db.knex, [5, 6, 7, 8, 9]);
    expect(john).toMatchObject({
      crmid: 5, module: 'Contacts', recordNumber: 'CON1', label: 'John Smith', firstName: 'John', lastName: 'Smith', salutation: 'Mr.',
      title: 'CTO', department: 'IT', email: 'john.smith@acme.example.com', phone: '+1 555 0110', mobile: '+1 555 0111', accountId: 2,
      birthday: '1980-04-15', leadSource: 'Web Site', emailOptOut: false, deleted: false, description: 'First sample contact',
      owner: { id: 1, kind: 'user', userName: 'admin', name: 'Admin Administrator' }, createdTime: '2026-11-28 03:41:07',
      mailingAddress: { street: '100 Main Street', poBox: 'PO 12', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'USA' },
      xero: undefined, customFields: {},
    });
    expect(jane?.mailingAddress.street).toBe('100 Main Street\nSuite 5');
    expect(jane?.otherPhone).toBe('+1 555 0129');
    expect(hans).toMatchObject({ label: 'Hans Müller', lastName: 'Müller', title: 'Geschäftsführer', emailOptOut: true });
    expect(hans?.mailingAddress).toMatchObject({ street: 'Friedrichstraße 10', city: 'Berlin', postalCode: '10117', country: 'Germany' });
    expect(maria).toMatchObject({ label: 'Maria Garcia', accountId: null });
  });

  it('reads organizations with billing and shipping addresses', async () => {
    const orgs = await readRecords(db.knex, 'Accounts', [4, 3, 2]);
    expect(orgs.map((o) => o.name)).toEqual(['Initech Ltd', 'Globex GmbH', 'Acme Corporation']);
    const [, globex, acme] = orgs;
    expect(acme).toMatchObject({ recordNumber: 'ACC1', website: 'https://acme.example.com', phone: '+1 555 0100', email: 'info@acme.example.com', annualRevenue: '12000000.00000000', employees: 250 });
    expect(acme?.shippingAddress).toMatchObject({ street: '200 Warehouse Rd', postalCode: '62702' });
    expect(globex?.billingAddress).toMatchObject({ street: 'Friedrichstraße 10', city: 'Berlin', country: 'Germany' });
  });

  it('reads products and the service with prices, part numbers, currency and taxes', async () => {
    const products = await readRecords(db.knex, 'Products', [10, 11, 12, 13]);
    expect(products.map((p) => [p.name, p.productCode, p.unitPrice, p.taxes.map((t) => `${t.label} ${t.percentage}`)])).toEqual([
      ['Widget A', 'WID-001', '19.99000000', ['VAT 4.500']],
      ['Widget B', 'WID-002', '49.50000000', ['VAT 4.500', 'Sales 10.000']],
      ['Gadget Pro', 'GAD-100', '199.00000000', ['Sales 10.000']],
      ['Cable 2m', 'CAB-002', '5.25000000', []],
    ]);
    expect(products[0]).toMatchObject({ active: true, usageUnit: 'Box', currency: { id: 1, code: 'USD', symbol: '$', conversionRate: '1.00000' } });
    expect(products[0]?.taxes[0]).toEqual({ taxName: 'tax1', label: 'VAT', percentage: '4.500' });
    const [service] = await readRecords(db.knex, 'Services', [14]);
    expect(service).toMatchObject({ recordNumber: 'SER1', name: 'Installation Service', unitPrice: '75.00000000', usageUnit: 'Hours', active: true });
    expect(service?.taxes).toEqual([{ taxName: 'tax3', label: 'Service', percentage: '12.500' }]);
  });

  it('reads INV1: individual tax, 3 lines (products and a service), totals as stored', async () => {
    const inv1 = invoice(await readInvoices(db.knex, [15, 16, 17]), 'INV1');
    expect(inv1).toMatchObject({ subject: 'Acme - hardware order', status: 'Created', taxMode: 'individual', accountId: 2, contactId: 5, invoiceDate: '2024-03-01', dueDate: '2024-03-31', groupTaxes: [] });
    expect(inv1.total).toBe('575.37550000');
    expect(new Decimal(inv1.total!).equals('575.3755')).toBe(true);
    expect(inv1.preTaxTotal).toBe('523.90000000');
    expect(inv1.balance).toBe('575.37550000');
    expect(inv1.lineItems.map((l) => [l.sequence, l.productId, l.productModule, l.quantity, l.listPrice, l.comment])).toEqual([
      [1, 10, 'Products', '10.000', '19.99000000', '10 boxes'],
      [2, 11, 'Products', '2.000', '49.50000000', ''],
      [3, 14, 'Services', '3.000', '75.00000000', '3 hours on site'],
    ]);
    expect(inv1.lineItems[2]?.taxes).toEqual([
      { taxName: 'tax1', label: 'VAT', percentage: '0.000' },
      { taxName: 'tax2', label: 'Sales', percentage: '0.000' },
      { taxName: 'tax3', label: 'Service', percentage: '12.500' },
    ]);
    // the stored lines reproduce the stored totals: sum of nets = pre-tax total, plus each line's taxes = total
    const nets = inv1.lineItems.map((l) => new Decimal(l.quantity!).times(l.listPrice!));
    expect(Decimal.sum(...nets).equals(inv1.preTaxTotal!)).toBe(true);
    const taxed = inv1.lineItems.map((l, i) => nets[i]!.times(Decimal.sum(...l.taxes.map((t) => t.percentage)).div(100).plus(1)));
    expect(Decimal.sum(...taxed).equals(inv1.total!)).toBe(true);
  });

  it('reads INV2: group tax 4.5 / 10 / 12.5 %', async () => {
    const inv2 = invoice(await readInvoices(db.knex, [16]), 'INV2');
    expect(inv2).toMatchObject({ taxMode: 'group', status: 'Sent', preTaxTotal: '225.25000000', total: '286.06750000' });
    expect(inv2.groupTaxes).toEqual([
      { taxName: 'tax1', label: 'VAT', percentage: '4.500' },
      { taxName: 'tax2', label: 'Sales', percentage: '10.000' },
      { taxName: 'tax3', label: 'Service', percentage: '12.500' },
    ]);
    expect(inv2.lineItems).toHaveLength(2);
    expect(inv2.billingAddress.street).toBe('Friedrichstraße 10');
  });

  it('reads INV3: 10 % line discount, 5 % overall discount, 10.00 S&H', async () => {
    const inv3 = invoice(await readInvoices(db.knex, [17]), 'INV3');
    expect(inv3).toMatchObject({ status: 'Paid', taxMode: 'individual', discountPercent: '5.000', discountAmount: null, shippingAmount: '10.00000000' });
    expect(inv3.lineItems.map((l) => l.discountPercent)).toEqual(['0.000', '10.000', '0.000']);
    expect(inv3.lineItems[1]).toMatchObject({ productId: 12, quantity: '2.000', listPrice: '189.00000000' });
    expect(inv3.charges).toEqual([
      {
        chargeId: 1, name: 'Shipping & Handling', format: 'Flat', amount: '10.00',
        taxes: [
          { taxName: 'shtax1', label: 'VAT', percentage: '0' },
          { taxName: 'shtax2', label: 'Sales', percentage: '0' },
          { taxName: 'shtax3', label: 'Service', percentage: '0' },
        ],
      },
    ]);
    expect(inv3.subtotal).toBe('705.93000000');
    expect(new Decimal(inv3.total!).equals('680.6335')).toBe(true);
    expect(inv3.received).toBe('0.00000000');
    expect(inv3.taxDefinitions.items.map((t) => [t.taxName, t.label, t.percentage, t.deleted])).toEqual([
      ['tax1', 'VAT', '4.500', false],
      ['tax2', 'Sales', '10.000', false],
      ['tax3', 'Service', '12.500', false],
    ]);
    expect(inv3.taxDefinitions.shipping.map((t) => t.taxName)).toEqual(['shtax1', 'shtax2', 'shtax3']);
  });

  it('keeps the order of the ids asked for and leaves out ids of other modules or none', async () => {
    const contacts = await readContacts(db.knex, [9, 15, 5, 999, 7, 5]);
    expect(contacts.map((c) => c.crmid)).toEqual([9, 5, 7]);
    expect(await readContacts(db.knex, [])).toEqual([]);
  });

  it('issues the same number of queries for 1 record as for 5 (batched per table, not per record)', async () => {
    const count = async (ids: number[]): Promise<number> => {
      let n = 0;
      const onQuery = (): void => void n++;
      db.knex.on('query', onQuery);
      try {
        await readRecords(db.knex, 'Invoice', ids);
      } finally {
        db.knex.off('query', onQuery);
      }
      return n;
    };
    await readRecords(db.knex, 'Invoice', [15]); // metadata cached
    expect(await count([15, 16, 17])).toBe(await count([15]));
  });

  it('lists custom fields and, once installed, the Xero Information block values', async () => {
    const tier = await addCustomField(db.knex, { module: 'Contacts', label: 'Tier', uitype: 1, typeofdata: 'V~O', columnType: 'varchar(100)', style: 'layoutEditor' });
    for (const f of Object.values(XERO_FIELDS)) {
      await addCustomField(db.knex, { module: 'Contacts', label: f.label, uitype: f.uitype, typeofdata: f.typeofdata, columnType: f.uitype === 56 ? 'varchar(3)' : 'varchar(255)', style: 'extension', fieldname: f.fieldname, block: 'LBL_XERO_INFORMATION' });
    }
    await db.knex('vtiger_contactscf').where('contactid', 7).update({ [tier.column]: 'Gold – Straße', xt_allow_sync: '1', xt_xero_id: 'b1f0c0de-0000-4000-8000-000000000007', xt_sync_status: 'Synced' });
    ModuleMetadataCache.for(db.knex).invalidate('Contacts');
    const [hans, john] = await readContacts(db.knex, [7, 5]);
    expect(hans?.customFields).toEqual({ [tier.fieldname]: 'Gold – Straße', cf_xt_allow_sync: '1', cf_xt_xero_id: 'b1f0c0de-0000-4000-8000-000000000007', cf_xt_last_sync: null });
    expect(hans?.xero).toEqual({ allowSync: true, xeroId: 'b1f0c0de-0000-4000-8000-000000000007', syncStatus: 'Synced', lastSync: null });
    expect(john?.xero).toEqual({ allowSync: false, xeroId: null, syncStatus: null, lastSync: null });
    // other modules are unchanged: no block there yet
    const [acme] = await readRecords(db.knex, 'Accounts', [2]);
    expect(acme?.xero).toBeUndefined();
  });

  it('flags deleted records and names record and column when stored data is malformed', async () => {
    await db.knex('vtiger_crmentity').where('crmid', 13).update({ deleted: 1 });
    const [cable] = await readRecords(db.knex, 'Products', [13]);
    expect(cable).toMatchObject({ recordNumber: 'PRO4', deleted: true });

    await db.knex('vtiger_invoice').where('invoiceid', 16).update({ taxtype: 'both' });
    await db.knex('vtiger_inventorychargesrel').where('recordid', 17).update({ charges: '{"1":{"value":"ten"}}' });
    try {
      const bad = await readInvoices(db.knex, [16]).catch((e: unknown) => e);
      expect(isXTigerError(bad, 'VTIGER_INVALID_DATA')).toBe(true);
      expect((bad as Error).message).toBe('Invoice record 16: vtiger_invoice.taxtype holds "both", not "individual" or "group".');
      await expect(readInvoices(db.knex, [17])).rejects.toThrow('Invoice record 17: vtiger_inventorychargesrel.charges has charge 1 value "ten", not a number');
    } finally {
      await db.knex('vtiger_invoice').where('invoiceid', 16).update({ taxtype: 'group' });
      await db.knex('vtiger_inventorychargesrel').where('recordid', 17).update({ charges: '{"1":{"value":"10.00","taxes":{"1":0,"2":0,"3":0}}}' });
    }
  });
});
