import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { isXTigerError } from '../../errors/XTigerError.js';
import { readModuleMetadata, requireField, type ModuleMetadata } from './moduleMetadata.js';
import { ModuleMetadataCache } from './ModuleMetadataCache.js';
import { addCustomField } from '../testing/addCustomField.js';

let db: SampleDatabase;
let contacts: ModuleMetadata;
let invoice: ModuleMetadata;

beforeAll(async () => {
  db = await createSampleDatabase();
  contacts = await readModuleMetadata(db.knex, 'Contacts');
  invoice = await readModuleMetadata(db.knex, 'Invoice');
});
afterAll(async () => {
  await db?.drop();
});

describe('readModuleMetadata on the Vtiger 8.2 sample database', () => {
  it('describes the Contacts module, its tables and label fields', () => {
    expect(contacts).toMatchObject({ tabid: 4, name: 'Contacts', isEntity: true, baseTable: 'vtiger_contactdetails', baseIndex: 'contactid' });
    expect(contacts.labelFields).toEqual(['firstname', 'lastname']);
    expect(contacts.customTable).toBe('vtiger_contactscf');
    expect(contacts.tables[0]).toEqual({ name: 'vtiger_crmentity', index: 'crmid', kind: 'record' });
    expect(contacts.tables).toEqual(
      expect.arrayContaining([
        { name: 'vtiger_contactdetails', index: 'contactid', kind: 'record' },
        { name: 'vtiger_contactaddress', index: 'contactaddressid', kind: 'record' },
        { name: 'vtiger_contactsubdetails', index: 'contactsubscriptionid', kind: 'record' },
        { name: 'vtiger_customerdetails', index: 'customerid', kind: 'record' },
        { name: 'vtiger_contactscf', index: 'contactid', kind: 'record' },
      ]),
    );
    // the campaign relation status lives in its own picklist table, not in a per-record table
    expect(contacts.tables.map((t) => t.name)).not.toContain('vtiger_campaignrelstatus');
  });

  it('lists Contacts fields with label, type, mandatory flag, block and real column length', () => {
    expect(requireField(contacts, 'lastname')).toMatchObject({
      column: 'lastname', table: 'vtiger_contactdetails', label: 'Last Name', uitype: 255, dataType: 'string',
      mandatory: true, active: true, block: 'LBL_CONTACT_INFORMATION', maximumLength: 80, isCustom: false,
    });
    expect(requireField(contacts, 'firstname').mandatory).toBe(false);
    expect(requireField(contacts, 'mailingstreet')).toMatchObject({ table: 'vtiger_contactaddress', uitype: 21, dataType: 'text', block: 'LBL_ADDRESS_INFORMATION', maximumLength: 250 });
    expect(requireField(contacts, 'email')).toMatchObject({ dataType: 'email', maximumLength: 100 });
    expect(requireField(contacts, 'emailoptout').dataType).toBe('boolean');
    expect(requireField(contacts, 'assigned_user_id')).toMatchObject({ column: 'smownerid', table: 'vtiger_crmentity', dataType: 'owner', mandatory: true });
    expect(requireField(contacts, 'contact_no')).toMatchObject({ dataType: 'autonumber', readOnly: true });
    expect(requireField(contacts, 'modifiedtime')).toMatchObject({ dataType: 'datetime', readOnly: true });
    expect(requireField(contacts, 'description').columnType).toBe('mediumtext');
  });

  it('reads picklist values in their sort order', () => {
    const leadsource = requireField(contacts, 'leadsource');
    expect(leadsource.dataType).toBe('picklist');
    expect(leadsource.picklistValues.slice(0, 3)).toEqual(['Cold Call', 'Existing Customer', 'Self Generated']);
    expect(leadsource.picklistValues).toHaveLength(12);
    expect(requireField(invoice, 'invoicestatus').picklistValues).toEqual(['AutoCreated', 'Created', 'Cancel', 'Approved', 'Sent', 'Credit Invoice', 'Paid']);
    expect(requireField(invoice, 'hdnTaxType').picklistValues).toEqual(['individual', 'group']);
  });

  it('names the modules reference fields point to (uitype 10 and fixed uitypes 51, 57, 117)', () => {
    expect(requireField(contacts, 'account_id')).toMatchObject({ uitype: 51, dataType: 'reference', relatedModules: ['Accounts'] });
    expect(requireField(contacts, 'contact_id')).toMatchObject({ uitype: 57, relatedModules: ['Contacts'] });
    expect(requireField(invoice, 'productid')).toMatchObject({ uitype: 10, relatedModules: ['Products', 'Services'] });
    expect(requireField(invoice, 'currency_id').relatedModules).toEqual(['Currency']);
    expect(requireField(invoice, 'modifiedby').relatedModules).toEqual(['Users']);
    expect(requireField(contacts, 'lastname').relatedModules).toEqual([]);
  });

  it('describes Invoice fields: totals as currency, line items in vtiger_inventoryproductrel', () => {
    expect(invoice).toMatchObject({ baseTable: 'vtiger_invoice', baseIndex: 'invoiceid', labelFields: ['subject'], customTable: 'vtiger_invoicecf' });
    expect(invoice.tables).toContainEqual({ name: 'vtiger_inventoryproductrel', index: 'id', kind: 'lineItem' });
    expect(requireField(invoice, 'subject')).toMatchObject({ mandatory: true, maximumLength: 100 });
    expect(requireField(invoice, 'hdnGrandTotal')).toMatchObject({ column: 'total', dataType: 'currency', columnType: 'decimal(25,8)' });
    expect(requireField(invoice, 'invoice_no').dataType).toBe('autonumber');
    expect(requireField(invoice, 'quantity')).toMatchObject({ table: 'vtiger_inventoryproductrel', dataType: 'decimal' });
    // declared V~O by Vtiger but stored as decimal(7,3)
    expect(requireField(invoice, 'discount_percent').dataType).toBe('decimal');
  });

  it('reads Products, Services and Accounts', async () => {
    const products = await readModuleMetadata(db.knex, 'Products');
    expect(requireField(products, 'productcode')).toMatchObject({ label: 'Part Number', maximumLength: 40 });
    expect(requireField(products, 'unit_price').dataType).toBe('currency');
    const services = await readModuleMetadata(db.knex, 'Services');
    expect(services).toMatchObject({ baseTable: 'vtiger_service', baseIndex: 'serviceid', customTable: 'vtiger_servicecf' });
    const accounts = await readModuleMetadata(db.knex, 'Accounts');
    expect(requireField(accounts, 'accountname')).toMatchObject({ mandatory: true, maximumLength: 100 });
  });

  it('has no custom fields in the sample database, and lists one added the way Vtiger adds them', async () => {
    expect(contacts.fields.filter((f) => f.isCustom)).toEqual([]);
    const added = await addCustomField(db.knex, { module: 'Contacts', label: 'Customer Tier', uitype: 16, typeofdata: 'V~O', columnType: 'varchar(255)', style: 'layoutEditor', picklistValues: ['Gold', 'Silver'] });
    const vtlib = await addCustomField(db.knex, { module: 'Contacts', label: 'Allow XTiger Sync', uitype: 56, typeofdata: 'C~O', columnType: 'varchar(3)', style: 'extension', fieldname: 'cf_xt_allow_sync', block: 'LBL_XERO_INFORMATION' });
    const meta = await readModuleMetadata(db.knex, 'Contacts');
    const custom = meta.fields.filter((f) => f.isCustom);
    expect(custom.map((f) => f.name)).toEqual([added.fieldname, 'cf_xt_allow_sync']);
    expect(custom[0]).toMatchObject({ column: added.column, table: 'vtiger_contactscf', label: 'Customer Tier', dataType: 'picklist', picklistValues: ['Gold', 'Silver'], maximumLength: 255, block: 'LBL_CUSTOM_INFORMATION' });
    expect(custom[1]).toMatchObject({ column: 'xt_allow_sync', dataType: 'boolean', block: 'LBL_XERO_INFORMATION', maximumLength: 3 });
    expect(vtlib.column).toBe('xt_allow_sync');
  });

  it('fails with typed errors naming an unknown module or field', async () => {
    const err = await readModuleMetadata(db.knex, 'Widgets').catch((e: unknown) => e);
    expect(isXTigerError(err, 'VTIGER_UNKNOWN_MODULE')).toBe(true);
    expect((err as Error).message).toContain('"Widgets"');
    const wrongCase = await readModuleMetadata(db.knex, 'contacts').catch((e: unknown) => e);
    expect((wrongCase as Error).message).toContain('did you mean "Contacts"');
    expect(() => requireField(contacts, 'lastName')).toThrowError(/module "Contacts" has no field named "lastName"/);
    try {
      requireField(invoice, 'nope');
    } catch (e) {
      expect(isXTigerError(e, 'VTIGER_UNKNOWN_FIELD')).toBe(true);
    }
    expect.assertions(5);
  });

  it('caches per knex instance and forgets failures', async () => {
    const cache = ModuleMetadataCache.for(db.knex);
    expect(ModuleMetadataCache.for(db.knex)).toBe(cache);
    const a = await cache.get('Products');
    expect(await cache.get('Products')).toBe(a);
    cache.invalidate('Products');
    expect(await cache.get('Products')).not.toBe(a);
    await expect(cache.get('Nope')).rejects.toThrow(/no module named "Nope"/);
  });
});
