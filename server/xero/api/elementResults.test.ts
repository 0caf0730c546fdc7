import { describe, expect, it } from 'vitest';
import { elementResults, fieldNamedIn } from './elementResults.js';
import { contactLabel } from './elementLabels.js';

describe('elementResults', () => {
  it('turns ERROR elements into typed element errors naming the element and field, keeps OK ones as values', () => {
    const sent = [
      { name: 'Good', contactNumber: 'C1' },
      { name: 'Bad', contactNumber: 'C2', emailAddress: 'not-an-email' },
    ];
    const returned = [
      { contactID: 'id-1', name: 'Good', statusAttributeString: 'OK' },
      { name: 'Bad', statusAttributeString: 'ERROR', hasValidationErrors: true, validationErrors: [{ message: 'Email address must be valid.' }] },
    ];
    const results = elementResults(sent, returned, 100, contactLabel);
    expect(results[0]).toEqual({ ok: true, index: 100, value: { contactID: 'id-1', name: 'Good' }, warnings: [] });
    const bad = results[1];
    expect(bad?.ok).toBe(false);
    if (bad && !bad.ok) {
      expect(bad.error).toMatchObject({ code: 'XERO_VALIDATION', index: 101, field: 'EmailAddress', messages: ['Email address must be valid.'] });
      expect(bad.error.message).toBe('contact "Bad" (contact number C2) (#102), field EmailAddress: Email address must be valid.');
    }
  });

  it('finds the longest field named in a message, or none', () => {
    const contact = { name: 'x', contactNumber: 'y', accountNumber: 'z' };
    expect(fieldNamedIn(['The contact number must be unique'], contact)).toBe('ContactNumber');
    expect(fieldNamedIn(['The contact name Foo is already assigned to another contact.'], contact)).toBe('Name');
    expect(fieldNamedIn(['Something else went wrong'], contact)).toBeUndefined();
    expect(fieldNamedIn(['Item code must be unique'], { code: 'A', name: 'B' })).toBe('Code');
  });
});
