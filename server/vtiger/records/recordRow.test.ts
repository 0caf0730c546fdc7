import { describe, expect, it } from 'vitest';
import { RecordRow } from './recordRow.js';
import { isXTigerError } from '../../errors/XTigerError.js';

const row = new RecordRow(
  'Contacts',
  7,
  new Map([
    ['t', { s: 'Müller\nStraße', d: '575.37550000', i: 12, si: '12', z: 0, b1: '1', b0: '0', bad: 'abc', n: null, e: '' }],
    ['missing', undefined],
  ]),
);

describe('RecordRow', () => {
  it('returns values exactly as stored', () => {
    expect(row.text('t', 's')).toBe('Müller\nStraße');
    expect(row.decimal('t', 'd')).toBe('575.37550000');
    expect(row.decimal('t', 'i')).toBe('12');
    expect(row.integer('t', 'si')).toBe(12);
    expect(row.text('t', 'n')).toBeNull();
    expect(row.text('t', 'e')).toBe('');
    expect(row.decimal('t', 'e')).toBeNull();
  });

  it('reads references, with 0 as none', () => {
    expect(row.reference('t', 'i')).toBe(12);
    expect(row.reference('t', 'z')).toBeNull();
  });

  it('reads checkboxes', () => {
    expect(row.boolean('t', 'b1')).toBe(true);
    expect(row.boolean('t', 'b0')).toBe(false);
    expect(row.boolean('t', 'n')).toBe(false);
  });

  it('reads a missing table row as nulls', () => {
    expect(row.hasRow('missing')).toBe(false);
    expect(row.text('missing', 'x')).toBeNull();
  });

  it('names record and column when a value has the wrong type', () => {
    let err: unknown;
    try {
      row.decimal('t', 'bad');
    } catch (e) {
      err = e;
    }
    expect(isXTigerError(err, 'VTIGER_INVALID_DATA')).toBe(true);
    expect((err as Error).message).toBe('Contacts record 7: t.bad holds "abc", not a decimal number.');
    expect(() => row.integer('t', 'bad')).toThrow(/t\.bad holds "abc", not an integer/);
    expect(() => row.boolean('t', 'bad')).toThrow(/not a checkbox value/);
  });
});
