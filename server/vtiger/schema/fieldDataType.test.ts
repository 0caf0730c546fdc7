import { describe, expect, it } from 'vitest';
import { fieldDataType, isMandatoryTypeofdata } from './fieldDataType.js';

describe('fieldDataType', () => {
  it('uses the uitype where it decides the kind of value', () => {
    expect(fieldDataType(21, 'V~O')).toBe('text');
    expect(fieldDataType(15, 'V~O')).toBe('picklist');
    expect(fieldDataType(33, 'V~O')).toBe('multipicklist');
    expect(fieldDataType(10, 'I~O')).toBe('reference');
    expect(fieldDataType(51, 'I~O')).toBe('reference');
    expect(fieldDataType(53, 'V~M')).toBe('owner');
    expect(fieldDataType(4, 'V~O')).toBe('autonumber');
    expect(fieldDataType(71, 'N~O')).toBe('currency');
    expect(fieldDataType(9, 'N~O')).toBe('percentage');
    expect(fieldDataType(70, 'DT~O')).toBe('datetime');
    expect(fieldDataType(56, 'C~O')).toBe('boolean');
    expect(fieldDataType(13, 'E~O')).toBe('email');
    expect(fieldDataType(11, 'V~O')).toBe('phone');
    expect(fieldDataType(17, 'V~O')).toBe('url');
    expect(fieldDataType(69, 'V~O')).toBe('image');
  });

  it('falls back to the storage code of typeofdata for generic uitypes', () => {
    expect(fieldDataType(1, 'V~O')).toBe('string');
    expect(fieldDataType(1, 'I~O')).toBe('integer');
    expect(fieldDataType(1, 'NN~O')).toBe('decimal');
    expect(fieldDataType(7, 'N~O')).toBe('decimal');
    expect(fieldDataType(7, 'I~O')).toBe('integer');
    expect(fieldDataType(5, 'D~O~OTH~GE~support_start_date~Support Start Date')).toBe('date');
    expect(fieldDataType(255, 'V~M')).toBe('string');
    expect(fieldDataType(999, 'X~O')).toBe('other');
  });

  it('reads the mandatory flag from the second segment', () => {
    expect(isMandatoryTypeofdata('V~M')).toBe(true);
    expect(isMandatoryTypeofdata('V~O')).toBe(false);
    expect(isMandatoryTypeofdata('D~O~OTH~GE~start_date~Start Date')).toBe(false);
    expect(isMandatoryTypeofdata('')).toBe(false);
  });
});
