import type { XeroKind } from '../types.js';

/**
 * The Xero fields a mapping may name, per Xero kind, with what they hold. Paths use xero-node's camelCase
 * property names; phones and addresses are addressed by their type (`phones.MOBILE`, `addresses.POBOX.city`).
 * `addresses.<TYPE>.lines` is AddressLine1..4 as one multi-line text; `addresses.<TYPE>.poBox` is a trailing
 * address line holding the PO box ("PO Box 12"), because Xero has no PO box field of its own.
 * Limits are Xero's (xero_accounting.yaml 16.1.0 and xero-node 20 model comments).
 */
export type XeroValueType = 'text' | 'multiline' | 'email' | 'url' | 'phone' | 'money' | 'decimal' | 'boolean' | 'code';

export interface XeroFieldSpec {
  path: string;
  /** As Xero's screens name it; auto-mapping compares Vtiger labels with it. */
  label: string;
  type: XeroValueType;
  maxLength?: number;
  /** Xero does not accept writes to it through the API. */
  readOnly?: boolean;
  /** Xero refuses an object without it. */
  required?: boolean;
}

export const XERO_PHONE_TYPES = ['DEFAULT', 'DDI', 'MOBILE', 'FAX'] as const;
export type XeroPhoneType = (typeof XERO_PHONE_TYPES)[number];
export const XERO_ADDRESS_TYPES = ['POBOX', 'STREET'] as const;
export type XeroAddressType = (typeof XERO_ADDRESS_TYPES)[number];

const PHONE_LABELS: Record<XeroPhoneType, string> = { DEFAULT: 'Phone', DDI: 'Direct Dial', MOBILE: 'Mobile', FAX: 'Fax' };
const ADDRESS_LABELS: Record<XeroAddressType, string> = { POBOX: 'Postal Address', STREET: 'Street Address' };

function addressFields(type: XeroAddressType): XeroFieldSpec[] {
  const prefix = `addresses.${type}`;
  const label = ADDRESS_LABELS[type];
  return [
    { path: `${prefix}.lines`, label: `${label}`, type: 'multiline', maxLength: 500 },
    { path: `${prefix}.poBox`, label: `${label} PO Box`, type: 'text', maxLength: 500 },
    { path: `${prefix}.city`, label: `${label} City`, type: 'text', maxLength: 255 },
    { path: `${prefix}.region`, label: `${label} Region`, type: 'text', maxLength: 255 },
    { path: `${prefix}.postalCode`, label: `${label} Postal Code`, type: 'text', maxLength: 50 },
    { path: `${prefix}.country`, label: `${label} Country`, type: 'text', maxLength: 50 },
    { path: `${prefix}.attentionTo`, label: `${label} Attention`, type: 'text', maxLength: 255 },
  ];
}

const CONTACT_FIELDS: XeroFieldSpec[] = [
  { path: 'name', label: 'Contact Name', type: 'text', maxLength: 255, required: true },
  { path: 'firstName', label: 'First Name', type: 'text', maxLength: 255 },
  { path: 'lastName', label: 'Last Name', type: 'text', maxLength: 255 },
  { path: 'emailAddress', label: 'Email', type: 'email', maxLength: 255 },
  { path: 'contactNumber', label: 'Contact Code', type: 'text', maxLength: 50 },
  { path: 'accountNumber', label: 'Account Number', type: 'text', maxLength: 50 },
  { path: 'companyNumber', label: 'Company Number', type: 'text', maxLength: 50 },
  { path: 'taxNumber', label: 'Tax Number', type: 'text', maxLength: 50 },
  { path: 'bankAccountDetails', label: 'Bank Account Details', type: 'text' },
  { path: 'website', label: 'Website', type: 'url', readOnly: true },
  { path: 'defaultCurrency', label: 'Default Currency', type: 'code' },
  { path: 'accountsReceivableTaxType', label: 'Sales Tax Type', type: 'code' },
  { path: 'accountsPayableTaxType', label: 'Purchases Tax Type', type: 'code' },
  { path: 'salesDefaultAccountCode', label: 'Sales Account', type: 'code' },
  { path: 'purchasesDefaultAccountCode', label: 'Purchases Account', type: 'code' },
  { path: 'discount', label: 'Discount', type: 'decimal' },
  ...XERO_PHONE_TYPES.map((t): XeroFieldSpec => ({ path: `phones.${t}`, label: PHONE_LABELS[t], type: 'phone', maxLength: 50 })),
  ...XERO_ADDRESS_TYPES.flatMap(addressFields),
];

const ITEM_FIELDS: XeroFieldSpec[] = [
  { path: 'code', label: 'Item Code', type: 'text', maxLength: 30, required: true },
  { path: 'name', label: 'Item Name', type: 'text', maxLength: 50 },
  { path: 'description', label: 'Sales Description', type: 'multiline', maxLength: 4000 },
  { path: 'purchaseDescription', label: 'Purchase Description', type: 'multiline', maxLength: 4000 },
  { path: 'isSold', label: 'Sold', type: 'boolean' },
  { path: 'isPurchased', label: 'Purchased', type: 'boolean' },
  { path: 'salesDetails.unitPrice', label: 'Sales Unit Price', type: 'money' },
  { path: 'salesDetails.accountCode', label: 'Sales Account', type: 'code' },
  { path: 'salesDetails.taxType', label: 'Sales Tax Rate', type: 'code' },
  { path: 'purchaseDetails.unitPrice', label: 'Purchase Unit Price', type: 'money' },
  { path: 'purchaseDetails.accountCode', label: 'Purchase Account', type: 'code' },
  { path: 'purchaseDetails.taxType', label: 'Purchase Tax Rate', type: 'code' },
  { path: 'quantityOnHand', label: 'Quantity On Hand', type: 'decimal', readOnly: true },
];

/** A ContactPerson on an organization's Xero contact. */
const PERSON_FIELDS: XeroFieldSpec[] = [
  { path: 'firstName', label: 'First Name', type: 'text', maxLength: 255 },
  { path: 'lastName', label: 'Last Name', type: 'text', maxLength: 255 },
  { path: 'emailAddress', label: 'Email', type: 'email', maxLength: 255 },
  { path: 'includeInEmails', label: 'Include in Emails', type: 'boolean' },
];

export const XERO_FIELDS: Readonly<Record<XeroKind, readonly XeroFieldSpec[]>> = {
  contact: CONTACT_FIELDS,
  item: ITEM_FIELDS,
  person: PERSON_FIELDS,
};

export function findXeroField(kind: XeroKind, path: string): XeroFieldSpec | undefined {
  return XERO_FIELDS[kind].find((f) => f.path === path);
}
