/**
 * One Xero organisation's data, held in memory: contacts, items, invoices, payments, bank transactions, the chart
 * of accounts, tax rates and currencies. Tests reach it through `sandbox.org(tenantId)` to pre-populate and
 * inspect records; `add…` helpers go through the same validation as the API and throw when Xero would refuse.
 */
import type { SandboxClock } from './clock.js';
import { seedAccounts, seedCurrencies, seedTaxRates } from './demoOrganisation.js';
import type {
  XeroAccount, XeroBankTransaction, XeroContact, XeroCurrency, XeroInvoice, XeroItem, XeroOrganisation, XeroPayment, XeroTaxRate,
} from './model.js';
import { RecordTable } from './recordTable.js';
import { saveBankTransaction } from './resources/bankTransactions.js';
import { saveContact } from './resources/contacts.js';
import type { ElementOutcome, WriteInput } from './resources/elementOutcome.js';
import { saveInvoice } from './resources/invoices.js';
import { saveItem } from './resources/items.js';
import { savePayment } from './resources/payments.js';
import { saveTaxRate } from './resources/taxRates.js';
import { msDateTime, newGuid } from './xeroFormats.js';

export class SandboxRecordRefused extends Error {
  constructor(readonly resource: string, readonly validationErrors: string[]) {
    super(`${resource} refused: ${validationErrors.join(' ')}`);
  }
}

function accepted<T>(resource: string, outcome: ElementOutcome<T>): T {
  if (!outcome.ok) throw new SandboxRecordRefused(resource, outcome.errors);
  return outcome.record;
}

class WritableTable<T extends object> extends RecordTable<T> {
  constructor(idOf: (r: T) => string, private readonly resource: string, private readonly save: (input: WriteInput) => ElementOutcome<T>) {
    super(idOf);
  }

  /** Creates or updates a record as the API would (POST semantics); throws SandboxRecordRefused when invalid. */
  add(input: WriteInput): T {
    return accepted(this.resource, this.save(input));
  }
}

export class AccountTable extends RecordTable<XeroAccount> {
  constructor(private readonly org: OrgStore) {
    super((a) => a.AccountID);
  }

  byCode(code: string): XeroAccount | undefined {
    return this.find((a) => a.Code.toLowerCase() === code.toLowerCase());
  }

  activeByCode(code: string): XeroAccount | undefined {
    const a = this.byCode(code);
    return a?.Status === 'ACTIVE' ? a : undefined;
  }

  /** Archives an account as a user would in Xero's chart of accounts. */
  archive(code: string): XeroAccount {
    const a = this.byCode(code);
    if (a === undefined) throw new Error(`No account with code ${code}`);
    return this.put({ ...a, Status: 'ARCHIVED', UpdatedDateUTC: this.org.stamp() });
  }

  /** Adds an account to the chart (tests); Code must be new. */
  add(input: Partial<XeroAccount> & { Code: string; Name: string; Type: string }): XeroAccount {
    if (this.byCode(input.Code) !== undefined) throw new Error(`Account code ${input.Code} already exists`);
    return this.put({
      AccountID: newGuid(), Status: 'ACTIVE', Class: 'EXPENSE', TaxType: 'NONE', EnablePaymentsToAccount: false,
      ShowInExpenseClaims: false, HasAttachments: false, AddToWatchlist: false, ...input, UpdatedDateUTC: this.org.stamp(),
    });
  }
}

export class TaxRateTable extends RecordTable<XeroTaxRate> {
  constructor(private readonly org: OrgStore) {
    super((r) => r.TaxType);
  }

  active(taxType: string): XeroTaxRate | undefined {
    const r = this.get(taxType);
    return r?.Status === 'ACTIVE' ? r : undefined;
  }

  nextCustomTaxType(): string {
    const used = this.all().map((r) => /^TAX(\d+)$/.exec(r.TaxType)?.[1]).filter((n) => n !== undefined).map(Number);
    return `TAX${String((used.length === 0 ? 0 : Math.max(...used)) + 1).padStart(3, '0')}`;
  }

  /** Creates a tax rate as PUT /TaxRates would. */
  add(input: WriteInput): XeroTaxRate {
    return accepted('TaxRate', saveTaxRate(this.org, input));
  }
}

export class CurrencyTable extends RecordTable<XeroCurrency> {
  constructor() {
    super((c) => c.Code);
  }

  has(code: string): boolean {
    return this.get(code) !== undefined;
  }
}

export interface NewOrganisation {
  name?: string;
  baseCurrency?: string;
  countryCode?: string;
}

export class OrgStore {
  readonly tenantId: string;
  readonly organisation: XeroOrganisation;
  /** Rate-limit windows of this organisation start here: each organisation's reset at its own time, as in Xero. */
  readonly createdAtMs: number;
  readonly contacts: WritableTable<XeroContact>;
  readonly items: WritableTable<XeroItem>;
  readonly invoices: WritableTable<XeroInvoice>;
  readonly payments: WritableTable<XeroPayment>;
  readonly bankTransactions: WritableTable<XeroBankTransaction>;
  readonly accounts: AccountTable;
  readonly taxRates: TaxRateTable;
  readonly currencies = new CurrencyTable();

  constructor(private readonly clock: SandboxClock, input: NewOrganisation = {}) {
    this.tenantId = newGuid();
    this.createdAtMs = clock.now();
    const baseCurrency = input.baseCurrency ?? 'USD';
    const name = input.name ?? 'Demo Company (Global)';
    this.organisation = {
      OrganisationID: this.tenantId, APIKey: newGuid().replace(/-/g, '').slice(0, 30).toUpperCase(), Name: name, LegalName: name,
      PaysTax: true, Version: 'GLOBAL', OrganisationType: 'COMPANY', BaseCurrency: baseCurrency, CountryCode: input.countryCode ?? 'US',
      IsDemoCompany: false, OrganisationStatus: 'ACTIVE', FinancialYearEndDay: 31, FinancialYearEndMonth: 12,
      SalesTaxBasis: 'ACCRUALS', SalesTaxPeriod: 'QUARTERLY', DefaultSalesTax: 'Tax Exclusive', DefaultPurchasesTax: 'Tax Exclusive',
      CreatedDateUTC: this.stamp(), Timezone: 'EASTERNSTANDARDTIME', OrganisationEntityType: 'COMPANY',
      ShortCode: `!${this.tenantId.slice(0, 5)}`, Class: 'DEMO', Edition: 'BUSINESS', Addresses: [], Phones: [], ExternalLinks: [], PaymentTerms: {},
    };
    this.contacts = new WritableTable((c) => c.ContactID, 'Contact', (i) => saveContact(this, i, 'upsert'));
    this.items = new WritableTable((i) => i.ItemID, 'Item', (i) => saveItem(this, i, 'upsert', 4));
    this.invoices = new WritableTable((i) => i.InvoiceID, 'Invoice', (i) => saveInvoice(this, i, 'upsert', 4));
    this.payments = new WritableTable((p) => p.PaymentID, 'Payment', (i) => savePayment(this, i));
    this.bankTransactions = new WritableTable((t) => t.BankTransactionID, 'BankTransaction', (i) => saveBankTransaction(this, i, 'upsert', 4));
    this.accounts = new AccountTable(this);
    this.taxRates = new TaxRateTable(this);
    for (const a of seedAccounts(this.stamp(), baseCurrency)) this.accounts.put(a);
    for (const c of seedCurrencies(baseCurrency)) this.currencies.put(c);
    for (const r of seedTaxRates()) this.taxRates.put(r);
  }

  now(): number {
    return this.clock.now();
  }

  /** The UpdatedDateUTC for a change made now. */
  stamp(): string {
    return msDateTime(this.clock.now());
  }
}
