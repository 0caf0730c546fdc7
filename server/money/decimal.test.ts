import { describe, expect, it } from 'vitest';
import { isXTigerError } from '../errors/XTigerError.js';
import { allocateCents, cents, dec, Decimal, plain, round2 } from './decimal.js';

describe('decimal money', () => {
  it('reads stored decimals exactly and rounds half away from zero to the cent', () => {
    expect(round2(dec('575.37550000')).toFixed(2)).toBe('575.38');
    expect(round2(dec('-0.005')).toFixed(2)).toBe('-0.01');
    expect(dec('0.1').plus(dec('0.2')).equals(dec('0.3'))).toBe(true);
    expect(dec(null).isZero() && dec('').isZero()).toBe(true);
    expect(plain(dec('19.99000000'))).toBe('19.99');
    expect(cents(dec('-0.001'))).toBe('0.00');
  });

  it('names the value that is not a number', () => {
    try {
      dec('12,5x', 'line 2 quantity');
      throw new Error('no error');
    } catch (e) {
      expect(isXTigerError(e, 'VTIGER_INVALID_DATA') && e.message).toBe('line 2 quantity holds "12,5x", which is not a number.');
    }
  });

  it('allocates whole cents in proportion, adding up exactly', () => {
    const parts = allocateCents(new Decimal('20.00'), [new Decimal(199), new Decimal(150)]);
    expect(parts.map((p) => p.toFixed(2))).toEqual(['11.40', '8.60']);
    const thirds = allocateCents(new Decimal('1.00'), [new Decimal(1), new Decimal(1), new Decimal(1)]);
    expect(thirds.map((p) => p.toFixed(2))).toEqual(['0.34', '0.33', '0.33']);
    expect(allocateCents(new Decimal('5.00'), [new Decimal(0), new Decimal(0)]).map((p) => p.toFixed(2))).toEqual(['5.00', '0.00']);
    expect(() => allocateCents(new Decimal('0.005'), [new Decimal(1)])).toThrow(RangeError);
  });
});
