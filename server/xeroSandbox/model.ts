/**
 * The records the sandbox keeps, in Xero's own JSON shape (PascalCase, `/Date()/` strings), so a stored record
 * is rendered as it is. Only the fields the sandbox understands are typed; a write's other fields are kept as sent.
 */
export interface ValidationMessage {
  Message: string;
}

export type ContactStatus = 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';

export interface XeroContact {
  ContactID: string;
  ContactNumber?: string;
  AccountNumber?: string;
  ContactStatus: ContactStatus;
  Name: string;
  FirstName?: string;
  LastName?: string;
  EmailAddress?: string;
  IsSupplier: boolean;
  IsCustomer: boolean;
  DefaultCurrency?: string;
  AccountsReceivableTaxType?: string;
  AccountsPayableTaxType?: string;
  UpdatedDateUTC: string;
  HasAttachments: boolean;
  [field: string]: unknown;
}

export interface XeroItemDetails {
  UnitPrice?: number;
  AccountCode?: string;
  COGSAccountCode?: string;
  TaxType?: string;
}

export interface XeroItem {
  ItemID: string;
  Code: string;
  Name?: string;
  Description?: string;
  PurchaseDescription?: string;
  IsSold: boolean;
  IsPurchased: boolean;
  IsTrackedAsInventory: boolean;
  SalesDetails?: XeroItemDetails;
  PurchaseDetails?: XeroItemDetails;
  UpdatedDateUTC: string;
  [field: string]: unknown;
}

export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface XeroLineItem {
  LineItemID: string;
  Description?: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode?: string;
  TaxType?: string;
  TaxAmount: number;
  LineAmount: number;
  DiscountRate?: number;
  DiscountAmount?: number;
  Tracking: unknown[];
}

export type InvoiceType = 'ACCREC' | 'ACCPAY';
export type InvoiceStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';

export interface PaymentOnInvoice {
  PaymentID: string;
  Date: string;
  Amount: number;
  Reference?: string;
  CurrencyRate: number;
  HasAccount: boolean;
  HasValidationErrors: boolean;
}

export interface XeroInvoice {
  InvoiceID: string;
  Type: InvoiceType;
  InvoiceNumber?: string;
  Reference?: string;
  Contact: { ContactID: string; Name: string };
  Date: string;
  DueDate?: string;
  Status: InvoiceStatus;
  LineAmountTypes: LineAmountTypes;
  LineItems: XeroLineItem[];
  SubTotal: number;
  TotalTax: number;
  Total: number;
  TotalDiscount?: number;
  AmountDue: number;
  AmountPaid: number;
  AmountCredited: number;
  CurrencyCode: string;
  CurrencyRate: number;
  Payments: PaymentOnInvoice[];
  FullyPaidOnDate?: string;
  SentToContact?: boolean;
  IsDiscounted: boolean;
  HasAttachments: boolean;
  HasErrors: boolean;
  UpdatedDateUTC: string;
}

export interface XeroPayment {
  PaymentID: string;
  Date: string;
  Amount: number;
  BankAmount: number;
  CurrencyRate: number;
  Reference?: string;
  IsReconciled: boolean;
  Status: 'AUTHORISED' | 'DELETED';
  PaymentType: 'ACCRECPAYMENT' | 'ACCPAYPAYMENT';
  Account: { AccountID: string; Code: string };
  Invoice: { InvoiceID: string; InvoiceNumber?: string; Type: InvoiceType; Contact: { ContactID: string; Name: string } };
  HasAccount: boolean;
  HasValidationErrors: boolean;
  UpdatedDateUTC: string;
}

export interface XeroBankTransaction {
  BankTransactionID: string;
  Type: 'RECEIVE' | 'SPEND';
  Contact: { ContactID: string; Name: string };
  BankAccount: { AccountID: string; Code: string; Name: string };
  LineItems: XeroLineItem[];
  LineAmountTypes: LineAmountTypes;
  Date: string;
  Reference?: string;
  IsReconciled: boolean;
  Status: 'AUTHORISED' | 'DELETED' | 'VOIDED';
  CurrencyCode: string;
  CurrencyRate: number;
  SubTotal: number;
  TotalTax: number;
  Total: number;
  HasAttachments: boolean;
  UpdatedDateUTC: string;
}

export type AccountClass = 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';

export interface XeroAccount {
  AccountID: string;
  Code: string;
  Name: string;
  Type: string;
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  Class: AccountClass;
  TaxType: string;
  Description?: string;
  BankAccountNumber?: string;
  BankAccountType?: 'BANK' | 'CREDITCARD' | 'PAYPAL' | 'NONE' | '';
  CurrencyCode?: string;
  SystemAccount?: string;
  EnablePaymentsToAccount: boolean;
  ShowInExpenseClaims: boolean;
  ReportingCode?: string;
  HasAttachments: boolean;
  AddToWatchlist: boolean;
  UpdatedDateUTC: string;
}

export interface XeroTaxComponent {
  Name: string;
  Rate: number;
  IsCompound: boolean;
  IsNonRecoverable: boolean;
}

export interface XeroTaxRate {
  Name: string;
  TaxType: string;
  ReportTaxType?: string;
  TaxComponents: XeroTaxComponent[];
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED' | 'PENDING';
  CanApplyToAssets: boolean;
  CanApplyToEquity: boolean;
  CanApplyToExpenses: boolean;
  CanApplyToLiabilities: boolean;
  CanApplyToRevenue: boolean;
  DisplayTaxRate: number;
  EffectiveRate: number;
}

export interface XeroCurrency {
  Code: string;
  Description: string;
}

export interface XeroOrganisation {
  OrganisationID: string;
  APIKey: string;
  Name: string;
  LegalName: string;
  PaysTax: boolean;
  Version: 'GLOBAL' | 'AU' | 'NZ' | 'UK' | 'US';
  OrganisationType: 'COMPANY';
  BaseCurrency: string;
  CountryCode: string;
  IsDemoCompany: boolean;
  OrganisationStatus: 'ACTIVE';
  FinancialYearEndDay: number;
  FinancialYearEndMonth: number;
  SalesTaxBasis: 'ACCRUALS';
  SalesTaxPeriod: 'QUARTERLY';
  DefaultSalesTax: string;
  DefaultPurchasesTax: string;
  CreatedDateUTC: string;
  Timezone: string;
  OrganisationEntityType: 'COMPANY';
  ShortCode: string;
  Class: 'DEMO' | 'STANDARD';
  Edition: 'BUSINESS';
  Addresses: unknown[];
  Phones: unknown[];
  ExternalLinks: unknown[];
  PaymentTerms: Record<string, unknown>;
}
