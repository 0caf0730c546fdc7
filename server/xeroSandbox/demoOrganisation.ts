/**
 * The seed of a new organisation: a realistic chart of accounts (bank accounts 090/091, sales 200, expenses 4xx,
 * system accounts such as ROUNDING 860, one archived account), currencies, and tax rates — the standard global
 * ones (OUTPUT, INPUT, NONE, EXEMPTOUTPUT, …) plus custom rates matching the Vtiger sample taxes (VAT 4.5 %,
 * Sales 10 %, Service 12.5 %), a combined 14.5 % rate built from two components, and "VAT + Sales + Service"
 * (4.5 + 10 + 12.5 = 27 %): what an admin creates in Xero for Vtiger's group tax, where one line carries all
 * three taxes (the sample invoice INV2). Xero has no compound of separate rates on one line, so without it INV2
 * is refused with a logged reason.
 */
import type { AccountClass, XeroAccount, XeroTaxComponent, XeroTaxRate } from './model.js';
import { effectiveRate } from './totals.js';
import { newGuid } from './xeroFormats.js';

type AccountSeed = [code: string, name: string, type: string, taxType: string, extra?: Partial<XeroAccount>];

const CLASS_OF_TYPE: Record<string, AccountClass> = {
  BANK: 'ASSET', CURRENT: 'ASSET', FIXED: 'ASSET', INVENTORY: 'ASSET', NONCURRENT: 'ASSET', PREPAYMENT: 'ASSET',
  CURRLIAB: 'LIABILITY', LIABILITY: 'LIABILITY', TERMLIAB: 'LIABILITY', EQUITY: 'EQUITY',
  REVENUE: 'REVENUE', SALES: 'REVENUE', OTHERINCOME: 'REVENUE',
  EXPENSE: 'EXPENSE', DIRECTCOSTS: 'EXPENSE', OVERHEADS: 'EXPENSE', DEPRECIATN: 'EXPENSE',
};

const ACCOUNTS: AccountSeed[] = [
  ['090', 'Business Bank Account', 'BANK', 'NONE', { BankAccountNumber: '0012-3456789', BankAccountType: 'BANK', EnablePaymentsToAccount: true }],
  ['091', 'Business Savings Account', 'BANK', 'NONE', { BankAccountNumber: '0012-3456790', BankAccountType: 'BANK', EnablePaymentsToAccount: true }],
  ['200', 'Sales', 'REVENUE', 'OUTPUT', { Description: 'Income from any normal business activity' }],
  ['260', 'Other Revenue', 'REVENUE', 'OUTPUT', { Description: 'Any other income that does not relate to normal business activities' }],
  ['270', 'Interest Income', 'REVENUE', 'NONE'],
  ['310', 'Cost of Goods Sold', 'DIRECTCOSTS', 'INPUT'],
  ['400', 'Advertising', 'OVERHEADS', 'INPUT'],
  ['404', 'Bank Fees', 'OVERHEADS', 'NONE'],
  ['408', 'Cleaning', 'OVERHEADS', 'INPUT'],
  ['412', 'Consulting & Accounting', 'EXPENSE', 'INPUT'],
  ['420', 'Entertainment', 'OVERHEADS', 'NONE'],
  ['425', 'Freight & Courier', 'EXPENSE', 'INPUT', { Status: 'ARCHIVED' }],
  ['429', 'General Expenses', 'OVERHEADS', 'INPUT'],
  ['433', 'Insurance', 'OVERHEADS', 'INPUT'],
  ['453', 'Office Expenses', 'OVERHEADS', 'INPUT'],
  ['469', 'Rent', 'OVERHEADS', 'INPUT'],
  ['489', 'Telephone & Internet', 'OVERHEADS', 'INPUT'],
  ['493', 'Travel - National', 'OVERHEADS', 'INPUT'],
  ['610', 'Accounts Receivable', 'CURRENT', 'NONE', { SystemAccount: 'DEBTORS' }],
  ['620', 'Prepayments', 'CURRENT', 'NONE'],
  ['630', 'Inventory', 'INVENTORY', 'NONE'],
  ['710', 'Office Equipment', 'FIXED', 'INPUT'],
  ['800', 'Accounts Payable', 'CURRLIAB', 'NONE', { SystemAccount: 'CREDITORS' }],
  ['820', 'Sales Tax', 'CURRLIAB', 'NONE', { SystemAccount: 'GST' }],
  ['860', 'Rounding', 'CURRLIAB', 'NONE', { SystemAccount: 'ROUNDING' }],
  ['877', 'Tracking Transfers', 'CURRLIAB', 'NONE', { SystemAccount: 'TRACKINGTRANSFERS' }],
  ['960', 'Retained Earnings', 'EQUITY', 'NONE', { SystemAccount: 'RETAINEDEARNINGS' }],
  ['970', 'Owner A Funds Introduced', 'EQUITY', 'NONE'],
];

export function seedAccounts(stamp: string, baseCurrency: string): XeroAccount[] {
  return ACCOUNTS.map(([code, name, type, taxType, extra]) => ({
    AccountID: newGuid(),
    Code: code,
    Name: name,
    Type: type,
    Status: 'ACTIVE',
    Class: CLASS_OF_TYPE[type] ?? 'EXPENSE',
    TaxType: taxType,
    EnablePaymentsToAccount: false,
    ShowInExpenseClaims: CLASS_OF_TYPE[type] === 'EXPENSE',
    HasAttachments: false,
    AddToWatchlist: false,
    ReportingCode: type === 'BANK' ? 'ASS.CUR.CAS.CAS' : undefined,
    ...(type === 'BANK' ? { CurrencyCode: baseCurrency } : {}),
    ...extra,
    UpdatedDateUTC: stamp,
  })).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as unknown as XeroAccount);
}

const CURRENCY_NAMES: Record<string, string> = {
  USD: 'United States Dollar', EUR: 'Euro', GBP: 'British Pound', JPY: 'Japanese Yen', AUD: 'Australian Dollar',
  NZD: 'New Zealand Dollar', CAD: 'Canadian Dollar', INR: 'Indian Rupee',
};

export function seedCurrencies(baseCurrency: string): { Code: string; Description: string }[] {
  const codes = [baseCurrency, ...Object.keys(CURRENCY_NAMES).filter((c) => c !== baseCurrency)];
  return codes.map((Code) => ({ Code, Description: CURRENCY_NAMES[Code] ?? Code }));
}

type RateSeed = [taxType: string, name: string, components: [string, number][], report: string, applies: 'sales' | 'purchases' | 'both'];

const RATES: RateSeed[] = [
  ['OUTPUT', 'Tax on Sales', [['Sales Tax', 7.5]], 'OUTPUT', 'sales'],
  ['INPUT', 'Tax on Purchases', [['Sales Tax', 7.5]], 'INPUT', 'purchases'],
  ['NONE', 'Tax Exempt', [['Tax Exempt', 0]], 'NONE', 'both'],
  ['EXEMPTOUTPUT', 'Exempt Sales', [['Exempt', 0]], 'EXEMPTOUTPUT', 'sales'],
  ['EXEMPTEXPENSES', 'Exempt Expenses', [['Exempt', 0]], 'EXEMPTEXPENSES', 'purchases'],
  ['GSTONIMPORTS', 'Sales Tax on Imports', [['Imports', 0]], 'GSTONIMPORTS', 'purchases'],
  ['TAX001', 'VAT', [['VAT', 4.5]], 'OUTPUT', 'both'],
  ['TAX002', 'Sales', [['Sales', 10]], 'OUTPUT', 'both'],
  ['TAX003', 'Service', [['Service', 12.5]], 'OUTPUT', 'both'],
  ['TAX004', 'VAT + Sales', [['VAT', 4.5], ['Sales', 10]], 'OUTPUT', 'both'],
  ['TAX005', 'VAT + Sales + Service', [['VAT', 4.5], ['Sales', 10], ['Service', 12.5]], 'OUTPUT', 'both'],
];

export function buildTaxRate(taxType: string, name: string, components: XeroTaxComponent[], reportTaxType: string, applies: 'sales' | 'purchases' | 'both'): XeroTaxRate {
  const rate = effectiveRate(components).toNumber();
  const sales = applies !== 'purchases';
  const purchases = applies !== 'sales';
  return {
    Name: name,
    TaxType: taxType,
    ReportTaxType: reportTaxType,
    TaxComponents: components,
    Status: 'ACTIVE',
    CanApplyToAssets: purchases,
    CanApplyToEquity: purchases,
    CanApplyToExpenses: purchases,
    CanApplyToLiabilities: purchases,
    CanApplyToRevenue: sales,
    DisplayTaxRate: rate,
    EffectiveRate: rate,
  };
}

export function seedTaxRates(): XeroTaxRate[] {
  return RATES.map(([taxType, name, comps, report, applies]) =>
    buildTaxRate(taxType, name, comps.map(([n, r]) => ({ Name: n, Rate: r, IsCompound: false, IsNonRecoverable: false })), report, applies),
  );
}
