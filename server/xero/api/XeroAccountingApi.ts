import type {
  Account,
  AccountingApi,
  BankTransaction,
  Contact,
  Currency,
  Invoice,
  Item,
  Organisation,
  Payment,
  TaxRate,
  XeroClient,
} from 'xero-node';
import { XTigerError } from '../../errors/XTigerError.js';
import { bankTransactionLabel, contactLabel, invoiceLabel, itemLabel, paymentLabel } from './elementLabels.js';
import { elementResults, type BatchWriteResult, type ElementResult } from './elementResults.js';
import { idempotencyKeyFor } from './idempotencyKey.js';
import { runXeroCall, type XeroCallSettings } from './xeroCall.js';
import { normaliseXeroDates, parseXeroDate, type DatesAsStrings } from './xeroDates.js';
import { newXeroSdkClient } from './xeroSdkClient.js';

/**
 * The Xero accounting API as the sync engine sees it: one instance per connection and unit of work (a sync run,
 * a webhook batch), holding its own xero-node client — never shared, never reused across organisations. Every call
 * goes through `runXeroCall` (rate governor, timeout, retries, token renewal, typed errors); results come back
 * with dates as strings (see xeroDates.ts).
 *
 * Reads of changing data are paged generators ordered by `UpdatedDateUTC ASC` with If-Modified-Since, so the
 * caller can checkpoint after each page. Writes go in batches of ≤ 50 with `summarizeErrors=false` and an
 * Idempotency-Key per batch; an element Xero rejects is a value in the result, not an exception.
 */
export type XeroOrganisation = DatesAsStrings<Organisation>;
export type XeroTaxRate = DatesAsStrings<TaxRate>;
export type XeroAccount = DatesAsStrings<Account>;
export type XeroCurrency = DatesAsStrings<Currency>;
export type XeroContact = DatesAsStrings<Contact>;
export type XeroItem = DatesAsStrings<Item>;
export type XeroInvoice = DatesAsStrings<Invoice>;
export type XeroPayment = DatesAsStrings<Payment>;
export type XeroBankTransaction = DatesAsStrings<BankTransaction>;

export interface PagedReadOptions {
  /** Only what changed since then (sent as If-Modified-Since, to the second). Poll with an overlap. */
  modifiedSince?: Date | string;
  /** A Xero `where` filter, e.g. `Status=="AUTHORISED"`. */
  where?: string;
  /** 1–1000, default 100. */
  pageSize?: number;
  /** Resume at this page (default 1). */
  firstPage?: number;
}

export interface XeroPage<T> {
  page: number;
  items: T[];
  /** The latest UpdatedDateUTC on this page (ISO), for a checkpoint. */
  lastUpdatedDateUTC: string | undefined;
  /** Whether another page follows. */
  more: boolean;
}

export interface WriteOptions {
  /**
   * Separates writes that may legitimately repeat the same content later (the id of the change being written).
   * Retries of the same write must pass the same scope so they reuse the Idempotency-Key.
   */
  idempotencyScope?: string;
  /** Elements per call: 1–50 (default 50). */
  batchSize?: number;
}

export const MAX_BATCH = 50;
const UPDATED_ASC = 'UpdatedDateUTC ASC';
const UNIT_DP = 4;

export interface XeroAccountingApiSettings extends XeroCallSettings {
  /** XERO_API_URL: https://api.xero.com or the sandbox's origin. */
  apiUrl: string;
}

export class XeroAccountingApi {
  private readonly xero: XeroClient;

  constructor(private readonly settings: XeroAccountingApiSettings) {
    this.xero = newXeroSdkClient({ apiUrl: settings.apiUrl, timeoutMs: settings.timeoutMs ?? 30_000 });
  }

  get tenantId(): string {
    return this.settings.tenantId;
  }

  private call<T>(operation: string, fn: (api: AccountingApi, tenantId: string) => Promise<{ response: { headers?: unknown }; body: T }>): Promise<T> {
    return runXeroCall(this.settings, this.xero, operation, fn);
  }

  // ---- settings-like data (not paged) ----

  async getOrganisation(): Promise<XeroOrganisation> {
    const body = await this.call('read the organisation', (api, t) => api.getOrganisations(t));
    const org = body.organisations?.[0];
    if (!org) throw new XTigerError('XERO_HTTP', 'Xero returned no organisation for this connection. Reconnect Xero in Settings → XTiger → API details.');
    return normaliseXeroDates(org);
  }

  async getTaxRates(where?: string): Promise<XeroTaxRate[]> {
    const body = await this.call('read tax rates', (api, t) => api.getTaxRates(t, where));
    return normaliseXeroDates(body.taxRates ?? []);
  }

  async getAccounts(options: { where?: string; modifiedSince?: Date | string } = {}): Promise<XeroAccount[]> {
    const body = await this.call('read the chart of accounts', (api, t) => api.getAccounts(t, toDate(options.modifiedSince), options.where, UPDATED_ASC));
    return normaliseXeroDates(body.accounts ?? []);
  }

  async getCurrencies(): Promise<XeroCurrency[]> {
    const body = await this.call('read currencies', (api, t) => api.getCurrencies(t));
    return normaliseXeroDates(body.currencies ?? []);
  }

  async getItems(options: { where?: string; modifiedSince?: Date | string } = {}): Promise<XeroItem[]> {
    const body = await this.call('read items', (api, t) => api.getItems(t, toDate(options.modifiedSince), options.where, UPDATED_ASC, UNIT_DP));
    return normaliseXeroDates(body.items ?? []);
  }

  // ---- paged reads ----

  /** Contacts, archived ones included (an archived contact is a delete for the sync). */
  readContacts(options: PagedReadOptions = {}): AsyncGenerator<XeroPage<XeroContact>> {
    return this.pages('read contacts', options, async (api, t, page, size) => {
      const body = await api.getContacts(t, toDate(options.modifiedSince), options.where, UPDATED_ASC, undefined, page, true, undefined, undefined, size);
      return { answer: body, items: body.body.contacts ?? [], pageCount: body.body.pagination?.pageCount };
    });
  }

  /** Sales invoices (ACCREC), bills (ACCPAY) or both. */
  readInvoices(options: PagedReadOptions & { type?: 'ACCREC' | 'ACCPAY' } = {}): AsyncGenerator<XeroPage<XeroInvoice>> {
    const where = andWhere(options.where, options.type ? `Type=="${options.type}"` : undefined);
    return this.pages(`read ${options.type === 'ACCPAY' ? 'bills' : options.type === 'ACCREC' ? 'sales invoices' : 'invoices'}`, options, async (api, t, page, size) => {
      const body = await api.getInvoices(t, toDate(options.modifiedSince), where, UPDATED_ASC, undefined, undefined, undefined, undefined, page, undefined, undefined, UNIT_DP, undefined, size);
      return { answer: body, items: body.body.invoices ?? [], pageCount: body.body.pagination?.pageCount };
    });
  }

  readPayments(options: PagedReadOptions = {}): AsyncGenerator<XeroPage<XeroPayment>> {
    return this.pages('read payments', options, async (api, t, page, size) => {
      const body = await api.getPayments(t, toDate(options.modifiedSince), options.where, UPDATED_ASC, page, size);
      return { answer: body, items: body.body.payments ?? [], pageCount: body.body.pagination?.pageCount };
    });
  }

  /** Bank transactions; by default money received without an invoice (Type RECEIVE). */
  readBankTransactions(options: PagedReadOptions & { type?: 'RECEIVE' | 'SPEND' | 'any' } = {}): AsyncGenerator<XeroPage<XeroBankTransaction>> {
    const type = options.type ?? 'RECEIVE';
    const where = andWhere(options.where, type === 'any' ? undefined : `Type=="${type}"`);
    return this.pages('read bank transactions', options, async (api, t, page, size) => {
      const body = await api.getBankTransactions(t, toDate(options.modifiedSince), where, UPDATED_ASC, page, UNIT_DP, size);
      return { answer: body, items: body.body.bankTransactions ?? [], pageCount: body.body.pagination?.pageCount };
    });
  }

  /** Contacts by id (webhook events carry ids only), archived included; 50 ids per call. */
  async getContactsById(ids: string[]): Promise<XeroContact[]> {
    const out: XeroContact[] = [];
    for (const chunk of chunks(ids, MAX_BATCH)) {
      const body = await this.call('read contacts by id', (api, t) => api.getContacts(t, undefined, undefined, undefined, chunk, undefined, true));
      out.push(...normaliseXeroDates(body.contacts ?? []));
    }
    return out;
  }

  /** Invoices and bills by id; 50 ids per call. */
  async getInvoicesById(ids: string[]): Promise<XeroInvoice[]> {
    const out: XeroInvoice[] = [];
    for (const chunk of chunks(ids, MAX_BATCH)) {
      const body = await this.call('read invoices by id', (api, t) => api.getInvoices(t, undefined, undefined, undefined, chunk, undefined, undefined, undefined, undefined, true, undefined, UNIT_DP));
      out.push(...normaliseXeroDates(body.invoices ?? []));
    }
    return out;
  }

  private async *pages<T extends object>(
    operation: string,
    options: PagedReadOptions,
    fetchPage: (api: AccountingApi, tenantId: string, page: number, pageSize: number) => Promise<{ answer: { response: { headers?: unknown } }; items: T[]; pageCount: number | undefined }>,
  ): AsyncGenerator<XeroPage<DatesAsStrings<T>>> {
    const pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 100));
    for (let page = Math.max(1, options.firstPage ?? 1); ; page += 1) {
      let pageCount: number | undefined;
      const items = await this.call(`${operation} (page ${page})`, async (api, t) => {
        const got = await fetchPage(api, t, page, pageSize);
        pageCount = got.pageCount;
        return { response: got.answer.response, body: got.items };
      });
      const normalised = normaliseXeroDates(items) as Array<DatesAsStrings<T>>;
      const more = pageCount !== undefined && pageCount > 0 ? page < pageCount : items.length >= pageSize;
      yield { page, items: normalised, lastUpdatedDateUTC: latestUpdate(normalised as Array<{ updatedDateUTC?: unknown }>), more };
      if (!more) return;
    }
  }

  // ---- writes (batches of ≤ 50, summarizeErrors=false, Idempotency-Key) ----

  /** PUT: creates contacts. */
  createContacts(contacts: Contact[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroContact>> {
    return this.write('createContacts', 'create contacts', contacts, options, contactLabel, async (api, t, batch, key) =>
      pick(await api.createContacts(t, { contacts: batch }, false, key), (b) => b.contacts),
    );
  }

  /** POST: creates or updates contacts (update when ContactID is given). */
  saveContacts(contacts: Contact[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroContact>> {
    return this.write('updateOrCreateContacts', 'save contacts', contacts, options, contactLabel, async (api, t, batch, key) =>
      pick(await api.updateOrCreateContacts(t, { contacts: batch }, false, key), (b) => b.contacts),
    );
  }

  createItems(items: Item[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroItem>> {
    return this.write('createItems', 'create items', items, options, itemLabel, async (api, t, batch, key) =>
      pick(await api.createItems(t, { items: batch }, false, UNIT_DP, key), (b) => b.items),
    );
  }

  saveItems(items: Item[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroItem>> {
    return this.write('updateOrCreateItems', 'save items', items, options, itemLabel, async (api, t, batch, key) =>
      pick(await api.updateOrCreateItems(t, { items: batch }, false, UNIT_DP, key), (b) => b.items),
    );
  }

  /** PUT: creates sales invoices (ACCREC) and bills (ACCPAY); unit prices up to 4 dp. */
  createInvoices(invoices: Invoice[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroInvoice>> {
    return this.write('createInvoices', 'create invoices', invoices, options, invoiceLabel, async (api, t, batch, key) =>
      pick(await api.createInvoices(t, { invoices: batch }, false, UNIT_DP, key), (b) => b.invoices),
    );
  }

  /** POST: creates or updates invoices and bills (update when InvoiceID is given; AUTHORISED/PAID ones are locked at Xero). */
  saveInvoices(invoices: Invoice[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroInvoice>> {
    return this.write('updateOrCreateInvoices', 'save invoices', invoices, options, invoiceLabel, async (api, t, batch, key) =>
      pick(await api.updateOrCreateInvoices(t, { invoices: batch }, false, UNIT_DP, key), (b) => b.invoices),
    );
  }

  /** PUT: payments against invoices or bills. */
  createPayments(payments: Payment[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroPayment>> {
    return this.write('createPayments', 'create payments', payments, options, paymentLabel, async (api, t, batch, key) =>
      pick(await api.createPayments(t, { payments: batch }, false, key), (b) => b.payments),
    );
  }

  /** PUT: bank transactions (RECEIVE: money received without an invoice). */
  createBankTransactions(transactions: BankTransaction[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroBankTransaction>> {
    return this.write('createBankTransactions', 'create bank transactions', transactions, options, bankTransactionLabel, async (api, t, batch, key) =>
      pick(await api.createBankTransactions(t, { bankTransactions: batch }, false, UNIT_DP, key), (b) => b.bankTransactions),
    );
  }

  saveBankTransactions(transactions: BankTransaction[], options: WriteOptions = {}): Promise<BatchWriteResult<XeroBankTransaction>> {
    return this.write('updateOrCreateBankTransactions', 'save bank transactions', transactions, options, bankTransactionLabel, async (api, t, batch, key) =>
      pick(await api.updateOrCreateBankTransactions(t, { bankTransactions: batch }, false, UNIT_DP, key), (b) => b.bankTransactions),
    );
  }

  private async write<In extends object, Out extends object>(
    operationId: string,
    operation: string,
    elements: In[],
    options: WriteOptions,
    describe: (element: In) => string,
    send: (api: AccountingApi, tenantId: string, batch: In[], idempotencyKey: string) => Promise<{ response: { headers?: unknown }; body: Out[] }>,
  ): Promise<BatchWriteResult<DatesAsStrings<Out>>> {
    const size = Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? MAX_BATCH));
    const batches = chunks(elements, size);
    const results: Array<ElementResult<DatesAsStrings<Out>>> = [];
    for (const [n, batch] of batches.entries()) {
      const key = idempotencyKeyFor(this.settings.tenantId, operationId, batch, options.idempotencyScope);
      const returned = await this.call(`${operation}${batches.length > 1 ? ` (batch ${n + 1} of ${batches.length})` : ''}`, (api, t) => send(api, t, batch, key));
      if (returned.length !== batch.length) {
        throw new XTigerError('XERO_HTTP', `Xero returned ${returned.length} elements for a batch of ${batch.length} (${operation}); the outcome of this batch is unknown. Run the sync again: the same write is not created twice.`, {
          details: { operation, sent: batch.length, returned: returned.length },
        });
      }
      const normalised = normaliseXeroDates(returned) as Array<DatesAsStrings<Out> & object>;
      results.push(...elementResults(batch, normalised, n * size, describe));
    }
    return {
      results,
      succeeded: results.flatMap((r) => (r.ok ? [r.value] : [])),
      failed: results.flatMap((r) => (r.ok ? [] : [r.error])),
      calls: batches.length,
    };
  }
}

function pick<B, T>(answer: { response: { headers?: unknown }; body: B }, list: (body: B) => T[] | undefined): { response: { headers?: unknown }; body: T[] } {
  return { response: answer.response, body: list(answer.body) ?? [] };
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function toDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = parseXeroDate(value);
  if (!d) throw new XTigerError('BAD_REQUEST', `"${String(value)}" is not a date for If-Modified-Since.`);
  // Xero compares to the second.
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function andWhere(a: string | undefined, b: string | undefined): string | undefined {
  if (a && b) return `(${a}) AND (${b})`;
  return a ?? b;
}

function latestUpdate(items: Array<{ updatedDateUTC?: unknown }>): string | undefined {
  let latest: string | undefined;
  for (const it of items) {
    const v = it.updatedDateUTC;
    if (typeof v === 'string' && (latest === undefined || v > latest)) latest = v;
  }
  return latest;
}
