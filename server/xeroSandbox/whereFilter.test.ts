import { describe, expect, it } from 'vitest';
import { WhereParseError, compileWhere } from './whereFilter.js';

const fields = ['Name', 'ContactNumber', 'EmailAddress', 'ContactStatus', 'IsCustomer', 'UpdatedDateUTC', 'Contact', 'Total'];
const rec = {
  Name: 'Acme Ltd',
  ContactNumber: 'ACC-7',
  EmailAddress: 'ap@acme.test',
  ContactStatus: 'ACTIVE',
  IsCustomer: true,
  UpdatedDateUTC: '/Date(1767600000000+0000)/', // 2026-01-05
  Contact: { ContactID: '0b4a3a6e-4f3e-4a55-9a55-2d3c5d2e1f00' },
  Total: 115.5,
};
const matches = (where: string): boolean => compileWhere(where, 'Contact', fields)(rec);

describe('where filter', () => {
  it('compares strings ignoring case, with == and AND/&& combinations', () => {
    expect(matches('Name=="acme ltd"')).toBe(true);
    expect(matches('Name=="Acme" ')).toBe(false);
    expect(matches('ContactNumber=="ACC-7" AND EmailAddress=="ap@acme.test"')).toBe(true);
    expect(matches('ContactNumber=="ACC-7" && ContactStatus=="ARCHIVED"')).toBe(false);
    expect(matches('ContactStatus=="ARCHIVED" OR IsCustomer==true')).toBe(true);
  });

  it('handles Guid(), DateTime(), numbers, methods and nested paths', () => {
    expect(matches('Contact.ContactID==Guid("0b4a3a6e-4f3e-4a55-9a55-2d3c5d2e1f00")')).toBe(true);
    expect(matches('UpdatedDateUTC>=DateTime(2026,01,05)')).toBe(true);
    expect(matches('UpdatedDateUTC>DateTime(2026,01,06)')).toBe(false);
    expect(matches('Total>100 && Name.StartsWith("ac")')).toBe(true);
    expect(matches('NOT (Name.Contains("zzz"))')).toBe(true);
  });

  it('rejects unknown fields and malformed clauses with a parse error', () => {
    expect(() => matches('Nme=="x"')).toThrow(new WhereParseError("No property or field 'Nme' exists in type 'Contact'"));
    expect(() => matches('Name=="x')).toThrow(WhereParseError);
    expect(() => matches('Name ==')).toThrow(WhereParseError);
  });
});
