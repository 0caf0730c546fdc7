import { describe, expect, it } from 'vitest';
import { ContractValidator } from './contractValidator.js';
import { documentedExamples } from './documentedExamples.js';

const validator = ContractValidator.shared();

describe('contract check against xero_accounting.yaml', () => {
  it('accepts every response example Xero documents for the operations the sandbox serves', () => {
    const responses = documentedExamples().filter((e) => e.direction === 'response');
    expect(responses.length).toBeGreaterThan(30);
    const violations = responses.flatMap((e) => validator.checkResponse(e.method, e.path, e.status ?? 0, e.body));
    expect(violations).toEqual([]);
  });

  it('accepts the documented request examples, except the ones whose misspelt fields Xero would silently drop', () => {
    const failing = documentedExamples()
      .filter((e) => e.direction === 'request')
      .flatMap((e) => validator.checkRequest(e.method, e.path, e.body))
      .map((v) => `${v.operation} ${v.jsonPath} ${v.message.split(': ').pop() ?? ''}`);
    expect(failing.sort()).toEqual([
      'createBankTransactions  bankTransactions', // lower-case wrapper: Xero would see no transactions
      'deletePayment  Payments', // not served by the sandbox
      'updateBankTransaction /BankTransactions/0 Lineitems', // "Lineitems": the lines would be ignored
      'updateOrCreateBankTransactions /BankTransactions/0 Lineitems',
    ]);
  });

  it('reports a field of the wrong type, a misspelt field and a bad enum value in a request, with their paths', () => {
    const violations = validator.checkRequest('PUT', '/Contacts', {
      Contacts: [{ Name: 'Ok' }, { Name: 42, EmailAdress: 'x@y.test', ContactStatus: 'GONE' }],
    });
    const byPath = new Map(violations.map((v) => [v.jsonPath, v]));
    expect([...byPath.keys()].sort()).toEqual(['/Contacts/1', '/Contacts/1/ContactStatus', '/Contacts/1/Name']);
    expect(violations.every((v) => v.operation === 'createContacts' && v.direction === 'request')).toBe(true);
    expect(byPath.get('/Contacts/1')?.message).toContain('EmailAdress');
    expect(byPath.get('/Contacts/1/Name')?.message).toContain('must be string');
  });

  it('requires /Date()/ strings for dates in responses, and the Xero envelope fields are allowed', () => {
    const body = (updated: string) => ({ Id: '2f0c7e94-3d7a-4f43-9f43-7b1f6b2f1c11', Status: 'OK', ProviderName: 'XTiger', DateTimeUTC: '/Date(1767600000000)/', Contacts: [{ ContactID: '2f0c7e94-3d7a-4f43-9f43-7b1f6b2f1c12', Name: 'A', UpdatedDateUTC: updated }] });
    expect(validator.checkResponse('GET', '/Contacts', 200, body('/Date(1767600000000+0000)/'))).toEqual([]);
    const bad = validator.checkResponse('GET', '/Contacts', 200, body('2026-01-05T08:00:00Z'));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ operation: 'getContacts', direction: 'response', status: 200, jsonPath: '/Contacts/0/UpdatedDateUTC' });
  });

  it('accepts xero-node 20 fields the 16.1 document lacks (Invoice.RoundingAmount)', () => {
    expect(validator.checkRequest('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', RoundingAmount: 0.01 }] })).toEqual([]);
    expect(validator.checkRequest('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', RoundingAmount: 'x' }] })).toHaveLength(1);
  });

  it('flags a path that is not a documented operation', () => {
    expect(validator.checkRequest('PUT', '/Contactz', {})[0]?.message).toMatch(/not an operation/);
  });
});
