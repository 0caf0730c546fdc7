import { describe, expect, it } from 'vitest';
import { fromAddressLines, isPoBoxLine, toAddressLines } from './addressLines.js';
import { joinPersonName, splitPersonName } from './personName.js';
import { joinPhone, splitPhone } from './phone.js';

describe('person names', () => {
  it('joins first and last into Xero Name', () => {
    expect(joinPersonName('Jane', 'Doe')).toBe('Jane Doe');
    expect(joinPersonName(null, 'Doe')).toBe('Doe');
    expect(joinPersonName(' Hans ', 'Müller')).toBe('Hans Müller');
  });

  it('splits a Name at its last space', () => {
    expect(splitPersonName('Maria Garcia Lopez')).toEqual({ first: 'Maria Garcia', last: 'Lopez' });
    expect(splitPersonName('Cher')).toEqual({ first: null, last: 'Cher' });
    expect(splitPersonName('  ')).toEqual({ first: null, last: null });
    expect(splitPersonName('山田 太郎')).toEqual({ first: '山田', last: '太郎' });
  });
});

describe('phones', () => {
  it('splits "+country area number" into Xero parts and joins them back unchanged', () => {
    for (const text of ['+1 555 0110', '+34 600 123 456', '+49 30 1234567', '+44 20 7946 0001']) {
      const parts = splitPhone(text);
      expect(joinPhone(parts)).toBe(text);
    }
    expect(splitPhone('+1 555 0110')).toEqual({ phoneCountryCode: '1', phoneAreaCode: '555', phoneNumber: '0110' });
  });

  it('keeps other formats in the number', () => {
    expect(splitPhone('0800 123 456')).toEqual({ phoneCountryCode: '', phoneAreaCode: '', phoneNumber: '0800 123 456' });
    expect(splitPhone('+81-3-1234-5678')).toEqual({ phoneCountryCode: '', phoneAreaCode: '', phoneNumber: '+81-3-1234-5678' });
    expect(joinPhone({ phoneCountryCode: '64', phoneAreaCode: '9', phoneNumber: '123 4567' })).toBe('+64 9 123 4567');
    expect(joinPhone({ phoneCountryCode: '64', phoneAreaCode: '', phoneNumber: '' })).toBeNull();
    expect(joinPhone(undefined)).toBeNull();
  });
});

describe('address lines', () => {
  it('splits a multi-line street into AddressLine1..4 and joins it back with newlines', () => {
    const lines = toAddressLines('100 Main Street\nSuite 5');
    expect(lines).toEqual(['100 Main Street', 'Suite 5']);
    expect(fromAddressLines(lines, true)).toEqual({ street: '100 Main Street\nSuite 5', poBox: null });
  });

  it('joins a fifth line onto line 4', () => {
    expect(toAddressLines('a\nb\nc\nd\ne')).toEqual(['a', 'b', 'c', 'd, e']);
  });

  it('writes the PO box as the last line and reads it back', () => {
    const lines = toAddressLines('100 Main Street', 'PO 12');
    expect(lines).toEqual(['100 Main Street', 'PO 12']);
    expect(fromAddressLines([...lines, undefined, ''], true)).toEqual({ street: '100 Main Street', poBox: 'PO 12' });
    expect(fromAddressLines(lines, false)).toEqual({ street: '100 Main Street\nPO 12', poBox: null });
  });

  it('recognises PO box lines but not streets that start alike', () => {
    expect(isPoBoxLine('P.O. Box 77')).toBe(true);
    expect(isPoBoxLine('Postfach 1234')).toBe(true);
    expect(isPoBoxLine('私書箱12号')).toBe(true);
    expect(isPoBoxLine('Po Valley Road 3')).toBe(false);
    expect(isPoBoxLine('Portland Place')).toBe(false);
  });
});
