import { describe, expect, it } from 'vitest';
import { isXTigerError, type XTigerError } from '../../errors/XTigerError.js';
import { autoMapFields, defaultPairMapping } from './autoMap.js';
import { validateMapping } from './validateMapping.js';
import type { VtigerFieldInfo } from './vtigerFields.js';

function field(name: string, label: string, dataType: string, extra: Partial<VtigerFieldInfo> = {}): VtigerFieldInfo {
  return { name, label, dataType, uitype: 1, mandatory: false, readOnly: false, isCustom: name.startsWith('cf_'), maximumLength: undefined, picklistValues: [], ...extra };
}

const ACCOUNT_FIELDS: VtigerFieldInfo[] = [
  field('accountname', 'Organization Name', 'string', { mandatory: true }),
  field('account_no', 'Organization Number', 'autonumber', { readOnly: true }),
  field('email1', 'Primary Email', 'email'),
  field('phone', 'Primary Phone', 'phone'),
  field('emailoptout', 'Email Opt Out', 'boolean'),
  field('accounttype', 'Type', 'picklist', { picklistValues: ['Customer', 'Reseller'] }),
  field('annual_revenue', 'Annual Revenue', 'currency'),
  field('cf_851', 'Tax Number', 'string'),
  field('cf_852', 'Xero Company Number', 'string'),
  field('cf_853', 'Account Number', 'integer'),
  field('cf_854', 'Website', 'url'),
  field('cf_855', 'Discount', 'boolean'),
];

function problemOf(fn: () => unknown): XTigerError {
  try {
    fn();
  } catch (e) {
    if (isXTigerError(e)) return e;
    throw e;
  }
  throw new Error('expected an XTigerError');
}

describe('validateMapping', () => {
  const ok = { vtigerField: 'accountname', xeroField: 'name', direction: 'both' } as const;

  it('accepts a sound mapping', () => {
    expect(validateMapping({ pair: 'accounts', fields: [ok, { vtigerField: 'phone', xeroField: 'phones.DEFAULT', direction: 'both' }] }, ACCOUNT_FIELDS).fields).toHaveLength(2);
  });

  it('names a missing Vtiger field', () => {
    const e = problemOf(() => validateMapping({ pair: 'accounts', fields: [ok, { vtigerField: 'cf_999', xeroField: 'taxNumber', direction: 'both' }] }, ACCOUNT_FIELDS));
    expect(e.code).toBe('SYNC_MAPPING_INVALID');
    expect(e.message).toBe('Accounts has no field "cf_999" (mapped to Xero "taxNumber").');
    expect(e.details).toMatchObject({ field: 'cf_999' });
  });

  it('names an unknown Xero field', () => {
    const e = problemOf(() => validateMapping({ pair: 'accounts', fields: [ok, { vtigerField: 'cf_851', xeroField: 'vatNumber', direction: 'both' }] }, ACCOUNT_FIELDS));
    expect(e.message).toContain('Xero contacts have no field "vatNumber"');
  });

  it('refuses incompatible types, naming both fields', () => {
    const e = problemOf(() => validateMapping({ pair: 'accounts', fields: [ok, { vtigerField: 'emailoptout', xeroField: 'phones.MOBILE', direction: 'both' }] }, ACCOUNT_FIELDS));
    expect(e.message).toBe('Accounts "Email Opt Out" (emailoptout) ⇄ Xero "Mobile" (phones.MOBILE): a Vtiger boolean field cannot hold a Xero phone value.');
  });

  it('refuses writes into read-only fields on either side', () => {
    expect(problemOf(() => validateMapping({ pair: 'accounts', fields: [ok, { vtigerField: 'account_no', xeroField: 'contactNumber', direction: 'both' }] }, ACCOUNT_FIELDS)).message).toContain(
      'use direction toXero',
    );
    expect(problemOf(() => validateMapping({ pair: 'accounts', fields: [ok, { vtigerField: 'cf_854', xeroField: 'website', direction: 'both' }] }, ACCOUNT_FIELDS)).message).toContain(
      'use direction toVtiger',
    );
  });

  it('checks picklist maps against the picklist values', () => {
    const e = problemOf(() =>
      validateMapping(
        { pair: 'accounts', fields: [ok, { vtigerField: 'accounttype', xeroField: 'defaultCurrency', direction: 'both', transform: { kind: 'picklistMap', values: { Vendor: 'USD' } } }] },
        ACCOUNT_FIELDS,
      ),
    );
    expect(e.message).toContain('"Vendor" is not a value of the Vtiger picklist "Type"');
  });

  it('requires the Item Code toward Xero for items and a name for contacts', () => {
    expect(problemOf(() => validateMapping({ pair: 'products', fields: [] }, [])).message).toContain('Xero Item Code');
    expect(problemOf(() => validateMapping({ pair: 'accounts', fields: [{ vtigerField: 'phone', xeroField: 'phones.DEFAULT', direction: 'both' }] }, ACCOUNT_FIELDS)).message).toContain(
      'Contact Name',
    );
  });

  it('refuses a malformed mapping and the same field twice', () => {
    expect(problemOf(() => validateMapping({ pair: 'leads', fields: [] }, [])).message).toContain('malformed at pair');
    const twice = problemOf(() => validateMapping({ pair: 'accounts', fields: [ok, { ...ok, xeroField: 'accountNumber' }] }, ACCOUNT_FIELDS));
    expect(twice.message).toContain('mapped twice');
  });
});

describe('auto-mapping', () => {
  it('maps fields labelled like Xero fields with compatible types, custom fields first', () => {
    const added = autoMapFields('accounts', ACCOUNT_FIELDS, [{ vtigerField: 'accountname', xeroField: 'name', direction: 'both' }]);
    expect(added).toEqual([
      { vtigerField: 'cf_853', xeroField: 'accountNumber', direction: 'both' },
      { vtigerField: 'cf_852', xeroField: 'companyNumber', direction: 'both' },
      { vtigerField: 'cf_851', xeroField: 'taxNumber', direction: 'both' },
      { vtigerField: 'cf_854', xeroField: 'website', direction: 'toVtiger' },
    ]);
  });

  it('the default mapping keeps only fields the module has and validates', () => {
    const mapping = defaultPairMapping('accounts', ACCOUNT_FIELDS);
    // cf_855 "Discount" is a checkbox: no match for Xero's decimal Discount.
    expect(mapping.fields.map((f) => f.vtigerField)).toEqual(['account_no', 'accountname', 'email1', 'phone', 'cf_853', 'cf_852', 'cf_851', 'cf_854']);
    expect(() => validateMapping(mapping, ACCOUNT_FIELDS)).not.toThrow();
  });
});
