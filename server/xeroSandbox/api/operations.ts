/**
 * The accounting operations the sandbox serves, by method and path (case-insensitive, below /api.xro/2.0),
 * each with the xero-node operation name and the scope group it needs.
 */
import { listRecords, type ListOptions } from '../listQuery.js';
import type { XeroContact, XeroInvoice } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import type { ScopeGroup } from '../oauth/scopes.js';
import { BANK_TRANSACTION_FIELDS, renderBankTransaction, saveBankTransaction } from '../resources/bankTransactions.js';
import { CONTACT_FIELDS, saveContact } from '../resources/contacts.js';
import { saveCurrency } from '../resources/currencies.js';
import { INVOICE_FIELDS, renderInvoice, saveInvoice } from '../resources/invoices.js';
import { ITEM_FIELDS, saveItem } from '../resources/items.js';
import { PAYMENT_FIELDS, savePayment } from '../resources/payments.js';
import { TAX_RATE_FIELDS, saveTaxRate } from '../resources/taxRates.js';
import { WhereParseError } from '../whereFilter.js';
import { isGuid } from '../xeroFormats.js';
import { batchWrite } from './batchWrite.js';
import type { CallContext } from './callContext.js';
import { envelope, notFound, queryParseException, type ApiResult } from './xeroResponses.js';

export interface Operation {
  method: 'GET' | 'PUT' | 'POST';
  pattern: RegExp;
  name: string;
  scope: ScopeGroup;
  handle(call: CallContext): ApiResult;
}

const ACCOUNT_FIELDS = ['AccountID', 'Code', 'Name', 'Type', 'Status', 'Class', 'TaxType', 'Description', 'BankAccountNumber', 'BankAccountType', 'CurrencyCode', 'SystemAccount', 'EnablePaymentsToAccount', 'ShowInExpenseClaims', 'ReportingCode', 'UpdatedDateUTC'];
const CURRENCY_FIELDS = ['Code', 'Description'];

/** GET of a collection, with where/order/If-Modified-Since and, for paged ones, page/pageSize. */
function list<T extends object>(call: CallContext, key: string, records: T[], opts: Omit<ListOptions, 'where' | 'order' | 'ifModifiedSince' | 'page' | 'pageSize'>, render: (r: T) => object = (r) => r): ApiResult {
  try {
    const where = call.query.get('where');
    const order = call.query.get('order');
    const page = call.query.int('page');
    const pageSize = call.query.int('pageSize');
    const result = listRecords(records, {
      ...opts,
      ...(where !== undefined ? { where } : {}),
      ...(order !== undefined ? { order } : {}),
      ...(call.ifModifiedSince !== undefined ? { ifModifiedSince: call.ifModifiedSince } : {}),
      ...(page !== undefined ? { page } : {}),
      ...(pageSize !== undefined ? { pageSize } : {}),
    });
    return envelope(call.org.now(), key, result.records.map(render), result.pagination);
  } catch (e) {
    if (e instanceof WhereParseError) return queryParseException(e.message);
    throw e;
  }
}

const inIds = (field: string, ids: string[] | undefined) =>
  ids === undefined ? [] : [(r: Record<string, unknown>) => ids.some((id) => id.toLowerCase() === String(r[field] ?? '').toLowerCase())];

const nestedIn = (path: [string, string], ids: string[] | undefined) =>
  ids === undefined ? [] : [(r: Record<string, unknown>) => ids.some((id) => id.toLowerCase() === String((r[path[0]] as Record<string, unknown> | undefined)?.[path[1]] ?? '').toLowerCase())];

const one = (call: CallContext, key: string, record: object | undefined, what: string): ApiResult =>
  record === undefined ? notFound(`${what} ${call.params[0] ?? ''}`) : envelope(call.org.now(), key, [record]);

const byIdOr = <T>(_org: OrgStore, id: string, byGuid: (id: string) => T | undefined, byOther: (v: string) => T | undefined): T | undefined =>
  isGuid(id) ? byGuid(id) : byOther(id);

const route = (method: Operation['method'], path: string, name: string, scope: ScopeGroup, handle: Operation['handle']): Operation => ({
  method, name, scope, handle, pattern: new RegExp(`^${path.replace('{id}', '([^/]+)')}/?$`, 'i'),
});

export const OPERATIONS: Operation[] = [
  route('GET', '/Organisation', 'getOrganisations', 'settings', (c) => envelope(c.org.now(), 'Organisations', [c.org.organisation])),
  route('GET', '/TaxRates', 'getTaxRates', 'settings', (c) => list(c, 'TaxRates', c.org.taxRates.all(), { typeName: 'TaxRate', fields: TAX_RATE_FIELDS, paged: false })),
  route('PUT', '/TaxRates', 'createTaxRates', 'settings', (c) => batchWrite(c, { key: 'TaxRates', save: (i) => saveTaxRate(c.org, i), render: (r) => r, summarizeErrorsAllowed: false })),
  route('GET', '/Accounts', 'getAccounts', 'settings', (c) => list(c, 'Accounts', c.org.accounts.all(), { typeName: 'Account', fields: ACCOUNT_FIELDS, paged: false })),
  route('GET', '/Accounts/{id}', 'getAccount', 'settings', (c) => one(c, 'Accounts', c.org.accounts.get(c.params[0] ?? ''), 'Account')),
  route('GET', '/Currencies', 'getCurrencies', 'settings', (c) => list(c, 'Currencies', c.org.currencies.all(), { typeName: 'Currency', fields: CURRENCY_FIELDS, paged: false })),
  route('PUT', '/Currencies', 'createCurrency', 'settings', (c) => batchWrite(c, { key: 'Currencies', save: (i) => saveCurrency(c.org, i), render: (r) => r, acceptSingle: true, summarizeErrorsAllowed: false })),

  route('GET', '/Contacts', 'getContacts', 'contacts', (c) => {
    const search = c.query.get('searchTerm')?.toLowerCase();
    const filters = [
      ...inIds('ContactID', c.query.list('IDs')),
      ...(c.query.bool('includeArchived', false) ? [] : [(r: Record<string, unknown>) => r['ContactStatus'] !== 'ARCHIVED']),
      ...(search === undefined ? [] : [(r: Record<string, unknown>) => ['Name', 'FirstName', 'LastName', 'ContactNumber', 'CompanyNumber', 'EmailAddress'].some((f) => String(r[f] ?? '').toLowerCase().includes(search))]),
    ];
    return list(c, 'Contacts', c.org.contacts.all(), { typeName: 'Contact', fields: CONTACT_FIELDS, paged: true, filters });
  }),
  route('GET', '/Contacts/{id}', 'getContact', 'contacts', (c) =>
    one(c, 'Contacts', byIdOr<XeroContact>(c.org, c.params[0] ?? '', (id) => c.org.contacts.get(id), (n) => c.org.contacts.find((x) => x.ContactNumber === n)), 'Contact')),
  route('PUT', '/Contacts', 'createContacts', 'contacts', (c) => batchWrite(c, { key: 'Contacts', save: (i) => saveContact(c.org, i, 'create'), render: (r) => r, errorFlag: 'HasValidationErrors' })),
  route('POST', '/Contacts', 'updateOrCreateContacts', 'contacts', (c) => batchWrite(c, { key: 'Contacts', save: (i) => saveContact(c.org, i, 'upsert'), render: (r) => r, errorFlag: 'HasValidationErrors' })),
  route('POST', '/Contacts/{id}', 'updateContact', 'contacts', (c) =>
    batchWrite(c, { key: 'Contacts', save: (i) => saveContact(c.org, i, 'upsert'), render: (r) => r, errorFlag: 'HasValidationErrors', pathId: { field: 'ContactID', value: c.params[0] ?? '' }, summarizeErrorsAllowed: false })),

  route('GET', '/Items', 'getItems', 'invoices', (c) => list(c, 'Items', c.org.items.all(), { typeName: 'Item', fields: ITEM_FIELDS, paged: false })),
  route('GET', '/Items/{id}', 'getItem', 'invoices', (c) =>
    one(c, 'Items', byIdOr(c.org, c.params[0] ?? '', (id) => c.org.items.get(id), (code) => c.org.items.find((i) => i.Code.toLowerCase() === code.toLowerCase())), 'Item')),
  route('PUT', '/Items', 'createItems', 'invoices', (c) => batchWrite(c, { key: 'Items', save: (i) => saveItem(c.org, i, 'create', c.query.unitdp()), render: (r) => r })),
  route('POST', '/Items', 'updateOrCreateItems', 'invoices', (c) => batchWrite(c, { key: 'Items', save: (i) => saveItem(c.org, i, 'upsert', c.query.unitdp()), render: (r) => r })),
  route('POST', '/Items/{id}', 'updateItem', 'invoices', (c) =>
    batchWrite(c, { key: 'Items', save: (i) => saveItem(c.org, i, 'upsert', c.query.unitdp()), render: (r) => r, pathId: { field: 'ItemID', value: c.params[0] ?? '' }, summarizeErrorsAllowed: false })),

  route('GET', '/Invoices', 'getInvoices', 'invoices', (c) => {
    const statuses = c.query.list('Statuses')?.map((s) => s.toUpperCase());
    const numbers = c.query.list('InvoiceNumbers');
    const filters = [
      ...inIds('InvoiceID', c.query.list('IDs')),
      ...nestedIn(['Contact', 'ContactID'], c.query.list('ContactIDs')),
      ...(statuses === undefined ? [] : [(r: Record<string, unknown>) => statuses.includes(String(r['Status']))]),
      ...(numbers === undefined ? [] : [(r: Record<string, unknown>) => numbers.includes(String(r['InvoiceNumber'] ?? ''))]),
    ];
    const unitdp = c.query.unitdp();
    return list<XeroInvoice>(c, 'Invoices', c.org.invoices.all(), { typeName: 'Invoice', fields: INVOICE_FIELDS, paged: true, filters }, (i) => renderInvoice(i, unitdp));
  }),
  route('GET', '/Invoices/{id}', 'getInvoice', 'invoices', (c) => {
    const invoice = byIdOr(c.org, c.params[0] ?? '', (id) => c.org.invoices.get(id), (n) => c.org.invoices.find((i) => i.InvoiceNumber === n));
    return one(c, 'Invoices', invoice === undefined ? undefined : renderInvoice(invoice, c.query.unitdp()), 'Invoice');
  }),
  route('PUT', '/Invoices', 'createInvoices', 'invoices', (c) =>
    batchWrite(c, { key: 'Invoices', save: (i) => saveInvoice(c.org, i, 'create', c.query.unitdp()), render: (r) => renderInvoice(r, c.query.unitdp()), errorFlag: 'HasErrors' })),
  route('POST', '/Invoices', 'updateOrCreateInvoices', 'invoices', (c) =>
    batchWrite(c, { key: 'Invoices', save: (i) => saveInvoice(c.org, i, 'upsert', c.query.unitdp()), render: (r) => renderInvoice(r, c.query.unitdp()), errorFlag: 'HasErrors' })),
  route('POST', '/Invoices/{id}', 'updateInvoice', 'invoices', (c) =>
    batchWrite(c, { key: 'Invoices', save: (i) => saveInvoice(c.org, i, 'upsert', c.query.unitdp()), render: (r) => renderInvoice(r, c.query.unitdp()), errorFlag: 'HasErrors', pathId: { field: 'InvoiceID', value: c.params[0] ?? '' }, summarizeErrorsAllowed: false })),

  route('GET', '/Payments', 'getPayments', 'payments', (c) => list(c, 'Payments', c.org.payments.all(), { typeName: 'Payment', fields: PAYMENT_FIELDS, paged: true })),
  route('GET', '/Payments/{id}', 'getPayment', 'payments', (c) => one(c, 'Payments', c.org.payments.get(c.params[0] ?? ''), 'Payment')),
  route('PUT', '/Payments', 'createPayments', 'payments', (c) => batchWrite(c, { key: 'Payments', save: (i) => savePayment(c.org, i), render: (r) => r, errorFlag: 'HasValidationErrors' })),
  route('POST', '/Payments', 'createPayment', 'payments', (c) =>
    batchWrite(c, { key: 'Payments', save: (i) => savePayment(c.org, i), render: (r) => r, errorFlag: 'HasValidationErrors', acceptSingle: true, summarizeErrorsAllowed: false })),

  route('GET', '/BankTransactions', 'getBankTransactions', 'banktransactions', (c) => {
    const unitdp = c.query.unitdp();
    return list(c, 'BankTransactions', c.org.bankTransactions.all(), { typeName: 'BankTransaction', fields: BANK_TRANSACTION_FIELDS, paged: true }, (t) => renderBankTransaction(t, unitdp));
  }),
  route('GET', '/BankTransactions/{id}', 'getBankTransaction', 'banktransactions', (c) => {
    const t = c.org.bankTransactions.get(c.params[0] ?? '');
    return one(c, 'BankTransactions', t === undefined ? undefined : renderBankTransaction(t, c.query.unitdp()), 'BankTransaction');
  }),
  route('PUT', '/BankTransactions', 'createBankTransactions', 'banktransactions', (c) =>
    batchWrite(c, { key: 'BankTransactions', save: (i) => saveBankTransaction(c.org, i, 'create', c.query.unitdp()), render: (r) => renderBankTransaction(r, c.query.unitdp()) })),
  route('POST', '/BankTransactions', 'updateOrCreateBankTransactions', 'banktransactions', (c) =>
    batchWrite(c, { key: 'BankTransactions', save: (i) => saveBankTransaction(c.org, i, 'upsert', c.query.unitdp()), render: (r) => renderBankTransaction(r, c.query.unitdp()) })),
  route('POST', '/BankTransactions/{id}', 'updateBankTransaction', 'banktransactions', (c) =>
    batchWrite(c, { key: 'BankTransactions', save: (i) => saveBankTransaction(c.org, i, 'upsert', c.query.unitdp()), render: (r) => renderBankTransaction(r, c.query.unitdp()), pathId: { field: 'BankTransactionID', value: c.params[0] ?? '' }, summarizeErrorsAllowed: false })),
];

export function findOperation(method: string, apiPath: string): { op: Operation; params: string[] } | undefined {
  for (const op of OPERATIONS) {
    if (op.method !== method) continue;
    const m = op.pattern.exec(apiPath);
    if (m !== null) return { op, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}
