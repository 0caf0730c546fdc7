import { describe, expect, it } from 'vitest';
import { looksLikeIndividual } from './workSet.js';

describe('a new Xero contact taken into Vtiger', () => {
  it('is a Contact when its name is its first and last name and it has no persons, else an Organization', () => {
    expect(looksLikeIndividual({ name: 'Maria Garcia', firstName: 'Maria', lastName: 'Garcia' })).toBe(true);
    expect(looksLikeIndividual({ name: 'Garcia Consulting', firstName: 'Maria', lastName: 'Garcia' })).toBe(false);
    expect(looksLikeIndividual({ name: 'Umbrella Corp' })).toBe(false);
    expect(looksLikeIndividual({ name: 'Ann Lee', firstName: 'Ann', lastName: 'Lee', contactPersons: [{ firstName: 'Bob' }] })).toBe(false);
  });
});
