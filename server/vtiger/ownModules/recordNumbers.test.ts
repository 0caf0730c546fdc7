import { describe, expect, it } from 'vitest';
import { allocateRecordNumbers } from './recordNumbers.js';

describe('allocateRecordNumbers', () => {
  it('hands out prefix + cur_id and moves cur_id on, as setModuleSeqNumber("increment") does', () => {
    expect(allocateRecordNumbers('XTL', '1', 3)).toEqual({ numbers: ['XTL1', 'XTL2', 'XTL3'], nextCurId: '4' });
  });
  it('keeps leading zeros while the number fits', () => {
    expect(allocateRecordNumbers('INV', '0009', 2)).toEqual({ numbers: ['INV0009', 'INV0010'], nextCurId: '0011' });
    expect(allocateRecordNumbers('A', '99', 1)).toEqual({ numbers: ['A99'], nextCurId: '100' });
  });
  it('refuses a cur_id that is not a number', () => {
    expect(() => allocateRecordNumbers('X', 'abc', 1)).toThrow(/cur_id "abc"/);
  });
});
