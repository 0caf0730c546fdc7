import type { Contact, ContactPerson, Item } from 'xero-node';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../values/contentHash.js';
import { CONTACT_PERSON_FIELD_MAPPINGS, DEFAULT_FIELD_MAPPINGS } from './defaultMappings.js';
import type { FieldMapping } from './fieldMapping.js';
import { buildXeroObject, projectVtigerRecord, projectXeroObject, toVtigerElement } from './project.js';
import { hashVtigerRecord, hashXeroObject } from './sides.js';

// Records as the sample database holds them (see /work/shared/vtiger/README.md).
const ACME = {
  accountname: 'Acme Corporation', account_no: 'ACC1', email1: 'info@acme.example.com', phone: '+1 555 0100', fax: '+1 555 0101',
  otherphone: '', website: '', bill_street: '100 Main Street', bill_pobox: 'PO 12', bill_city: 'Springfield', bill_state: 'IL',
  bill_code: '62701', bill_country: 'USA', ship_street: '', ship_pobox: '', ship_city: '', ship_state: '', ship_code: '', ship_country: '',
};
const GLOBEX = { ...ACME, accountname: 'Globex GmbH', account_no: 'ACC2', bill_street: 'Friedrichstraße 10', bill_pobox: '', bill_city: 'Berlin', bill_country: 'Germany', phone: '+49 30 123456', fax: '' };
const MARIA = {
  contact_no: 'CON5', firstname: 'Maria', lastname: 'Garcia', email: 'maria.garcia@example.com', phone: '', mobile: '+34 600 123 456', fax: '', otherphone: '',
  mailingstreet: 'Calle Mayor 1', mailingpobox: '', mailingcity: 'Madrid', mailingstate: '', mailingzip: '28013', mailingcountry: 'Spain',
  otherstreet: '', otherpobox: '', othercity: '', otherstate: '', otherzip: '', othercountry: '', account_id: '0',
};
const WIDGET_A = { productcode: 'WID-001', productname: 'Widget A', description: '', unit_price: '19.99000000', purchase_cost: '0.00000000' };
const ctx = { recordLabel: 'test record', fieldLabels: { productcode: 'Part Number', service_no: 'Service Number', lastname: 'Last Name' } };

const contacts = DEFAULT_FIELD_MAPPINGS.contacts;
const accounts = DEFAULT_FIELD_MAPPINGS.accounts;
const products = DEFAULT_FIELD_MAPPINGS.products;

describe('Organizations → Xero contacts', () => {
  it('builds the Xero contact: name, Contact Code, phones by type, postal address with the PO box line', () => {
    const { object, issues } = buildXeroObject('contact', accounts, projectVtigerRecord('contact', accounts, ACME, ctx).values, ctx);
    expect(issues).toEqual([]);
    expect(object.name).toBe('Acme Corporation');
    expect(object.contactNumber).toBe('ACC1');
    expect(object.emailAddress).toBe('info@acme.example.com');
    expect(object.website).toBeUndefined();
    expect(object.phones).toEqual(
      expect.arrayContaining([
        { phoneType: 'DEFAULT', phoneCountryCode: '1', phoneAreaCode: '555', phoneNumber: '0100' },
        { phoneType: 'FAX', phoneCountryCode: '1', phoneAreaCode: '555', phoneNumber: '0101' },
        { phoneType: 'DDI', phoneCountryCode: '', phoneAreaCode: '', phoneNumber: '' },
      ]),
    );
    const postal = object.addresses?.find((a) => String(a.addressType) === 'POBOX');
    expect(postal).toMatchObject({ addressLine1: '100 Main Street', addressLine2: 'PO 12', addressLine3: '', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'USA' });
  });

  it('reads its own output back to the same sync values (round trip, UTF-8 kept)', () => {
    for (const record of [ACME, GLOBEX]) {
      const vtiger = projectVtigerRecord('contact', accounts, record, ctx).values;
      const { object } = buildXeroObject('contact', accounts, vtiger, ctx);
      const back = projectXeroObject('contact', accounts, { ...object, website: 'https://acme.example.com' }, ctx).values;
      expect({ ...back, website: null }).toEqual({ ...vtiger, website: null });
      expect(back['website']).toBe('https://acme.example.com');
    }
    expect(projectVtigerRecord('contact', accounts, GLOBEX, ctx).values['bill_street']).toBe('Friedrichstraße 10');
  });

  it('keeps the phones and addresses of types the mapping does not name', () => {
    const only: FieldMapping[] = [
      { vtigerField: 'accountname', xeroField: 'name', direction: 'both' },
      { vtigerField: 'phone', xeroField: 'phones.DEFAULT', direction: 'both' },
    ];
    const base: Contact = { name: 'Acme', phones: [{ phoneType: 'MOBILE' as unknown as never, phoneNumber: '999' }, { phoneType: 'DEFAULT' as unknown as never, phoneNumber: '1' }] };
    const { object } = buildXeroObject('contact', only, { accountname: 'Acme', phone: '+1 555 0100' }, ctx, base);
    expect(object.phones).toEqual([
      { phoneType: 'MOBILE', phoneNumber: '999' },
      { phoneType: 'DEFAULT', phoneCountryCode: '1', phoneAreaCode: '555', phoneNumber: '0100' },
    ]);
  });
});

describe('Contacts without an organization → Xero contacts', () => {
  it('Name is "First Last" and FirstName/LastName are set', () => {
    const { object } = buildXeroObject('contact', contacts, projectVtigerRecord('contact', contacts, MARIA, ctx).values, ctx);
    expect(object).toMatchObject({ name: 'Maria Garcia', firstName: 'Maria', lastName: 'Garcia', contactNumber: 'CON5', emailAddress: 'maria.garcia@example.com' });
    expect(object.phones?.find((p) => String(p.phoneType) === 'MOBILE')).toMatchObject({ phoneCountryCode: '34', phoneAreaCode: '600', phoneNumber: '123 456' });
  });

  it('a multi-line street goes to AddressLine1..n and comes back with newlines', () => {
    const jane = { ...MARIA, firstname: 'Jane', lastname: 'Doe', mailingstreet: '100 Main Street\nSuite 5\nBuilding C' };
    const values = projectVtigerRecord('contact', contacts, jane, ctx).values;
    const { object } = buildXeroObject('contact', contacts, values, ctx);
    expect(object.addresses?.find((a) => String(a.addressType) === 'POBOX')).toMatchObject({ addressLine1: '100 Main Street', addressLine2: 'Suite 5', addressLine3: 'Building C', addressLine4: '' });
    expect(projectXeroObject('contact', contacts, object, ctx).values['mailingstreet']).toBe('100 Main Street\nSuite 5\nBuilding C');
  });

  it('splits a Xero Name when Xero has no first and last name', () => {
    const xero: Contact = { name: 'Hans Müller', emailAddress: 'hans@example.de' };
    const v = projectXeroObject('contact', contacts, xero, ctx).values;
    expect(v['firstname']).toBe('Hans');
    expect(v['lastname']).toBe('Müller');
    expect(v['contact_no']).toBeNull();
  });

  it('reads xero-node objects with dates as strings or Dates alike', () => {
    const xero = { name: 'A B', updatedDateUTC: '2026-01-05T09:00:00.000Z' };
    expect(hashXeroObject('contact', contacts, xero, ctx).hash).toBe(hashXeroObject('contact', contacts, { name: 'A B', updatedDateUTC: new Date() }, ctx).hash);
  });
});

describe('Products and Services → Xero items', () => {
  it('Part Number is the Item Code, unit price a number', () => {
    const { object, issues } = buildXeroObject('item', products, projectVtigerRecord('item', products, WIDGET_A, ctx).values, ctx);
    expect(issues).toEqual([]);
    expect(object).toMatchObject({ code: 'WID-001', name: 'Widget A', description: '', salesDetails: { unitPrice: 19.99 }, purchaseDetails: { unitPrice: 0 } });
  });

  it('an empty Part Number is an issue naming the record and the field', () => {
    const values = projectVtigerRecord('item', products, { ...WIDGET_A, productcode: '  ' }, { ...ctx, recordLabel: 'Widget A (PRO1)' }).values;
    const { issues } = buildXeroObject('item', products, values, { ...ctx, recordLabel: 'Widget A (PRO1)' });
    expect(issues).toEqual([{ key: 'sync.invalid.requiredForXero', params: { record: 'Widget A (PRO1)', field: 'Part Number', xeroField: 'Item Code' } }]);
  });

  it('a Xero unit price comes back rounded to 2 decimals as Vtiger will store it', () => {
    const item: Item = { code: 'WID-001', name: 'Widget A', salesDetails: { unitPrice: 19.995 }, purchaseDetails: { unitPrice: 1.2345 } };
    const v = projectXeroObject('item', products, item, ctx).values;
    expect(v['unit_price']).toBe('20');
    expect(v['purchase_cost']).toBe('1.2345');
    // Vtiger's stored "20.00000000" and the Xero side hash alike once normalised.
    expect(hashVtigerRecord('item', products, { ...WIDGET_A, unit_price: '20.00000000', purchase_cost: '1.2345', description: null }, ctx).hash).toBe(
      contentHash(v),
    );
  });

  it('Services send the Service Number as the Item Code, one way', () => {
    const services = DEFAULT_FIELD_MAPPINGS.services;
    const record = { service_no: 'SER1', servicename: 'Installation Service', description: '', unit_price: '75.00000000', purchase_cost: '0.00000000' };
    const { object } = buildXeroObject('item', services, projectVtigerRecord('item', services, record, ctx).values, ctx);
    expect(object).toMatchObject({ code: 'SER1', name: 'Installation Service', salesDetails: { unitPrice: 75 } });
    expect(toVtigerElement(services, { service_no: 'X', servicename: 'Y' })).toEqual({ servicename: 'Y' });
  });

  it('text longer than Xero allows is an issue (Item Name: 50)', () => {
    const { issues } = buildXeroObject('item', products, { productcode: 'A', productname: 'x'.repeat(51) }, ctx);
    expect(issues.map((i) => i.key)).toEqual(['sync.invalid.tooLongForXero']);
    expect(issues[0]?.params).toMatchObject({ field: 'productname', max: 50 });
  });

  it('a price that is not a number is reported, not sent', () => {
    const p = projectVtigerRecord('item', products, { ...WIDGET_A, unit_price: 'abc' }, ctx);
    expect(p.issues[0]).toMatchObject({ key: 'sync.invalid.badValue', params: { field: 'unit_price', value: 'abc' } });
    const { object, issues } = buildXeroObject('item', products, p.values, ctx);
    expect(issues[0]?.key).toBe('sync.invalid.badValue');
    expect(object.salesDetails?.unitPrice).toBeUndefined();
  });
});

describe('transforms', () => {
  it('maps picklist values both ways and passes unmapped ones through', () => {
    const fields: FieldMapping[] = [
      { vtigerField: 'accountname', xeroField: 'name', direction: 'both' },
      { vtigerField: 'cf_currency', xeroField: 'defaultCurrency', direction: 'both', transform: { kind: 'picklistMap', values: { 'US Dollar': 'USD', Euro: 'EUR' } } },
    ];
    expect(buildXeroObject('contact', fields, { accountname: 'A', cf_currency: 'Euro' }, ctx).object.defaultCurrency).toBe('EUR');
    expect(projectXeroObject('contact', fields, { name: 'A', defaultCurrency: 'USD' as unknown as never }, ctx).values['cf_currency']).toBe('US Dollar');
    expect(projectXeroObject('contact', fields, { name: 'A', defaultCurrency: 'JPY' as unknown as never }, ctx).values['cf_currency']).toBe('JPY');
  });

  it('negates Email Opt Out into Include in Emails for contact persons', () => {
    const hans = { firstname: 'Hans', lastname: 'Müller', email: 'hans.mueller@globex.example.de', emailoptout: '1' };
    const values = projectVtigerRecord('person', CONTACT_PERSON_FIELD_MAPPINGS, hans, ctx).values;
    const person: ContactPerson = buildXeroObject('person', CONTACT_PERSON_FIELD_MAPPINGS, values, ctx).object;
    expect(person).toEqual({ firstName: 'Hans', lastName: 'Müller', emailAddress: 'hans.mueller@globex.example.de', includeInEmails: false });
    expect(projectXeroObject('person', CONTACT_PERSON_FIELD_MAPPINGS, { ...person, includeInEmails: true }, ctx).values['emailoptout']).toBe('0');
  });

  it('writes only fields whose direction leads to Vtiger', () => {
    expect(toVtigerElement(accounts, { account_no: 'ACC9', accountname: 'Acme', website: 'https://a.example', fax: null })).toEqual({
      accountname: 'Acme',
      website: 'https://a.example',
      fax: '',
    });
  });
});
