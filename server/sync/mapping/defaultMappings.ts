import type { SyncPair } from '../types.js';
import type { FieldMapping } from './fieldMapping.js';

/**
 * The fields mapped by default per pair (see README "Default mappings"). Vtiger record numbers go to Xero's
 * Contact Code (ContactNumber, the natural key for matching) one way; Xero's Website is read-only in the API
 * and comes back one way. Billing/mailing addresses are Xero's postal address (POBOX, the one invoices print),
 * shipping/other addresses its street address.
 */
const both = (vtigerField: string, xeroField: string): FieldMapping => ({ vtigerField, xeroField, direction: 'both' });

function addressBlock(prefix: { street: string; pobox: string; city: string; state: string; code: string; country: string }, type: 'POBOX' | 'STREET'): FieldMapping[] {
  return [
    both(prefix.street, `addresses.${type}.lines`),
    both(prefix.pobox, `addresses.${type}.poBox`),
    both(prefix.city, `addresses.${type}.city`),
    both(prefix.state, `addresses.${type}.region`),
    both(prefix.code, `addresses.${type}.postalCode`),
    both(prefix.country, `addresses.${type}.country`),
  ];
}

const CONTACTS: FieldMapping[] = [
  { vtigerField: 'contact_no', xeroField: 'contactNumber', direction: 'toXero' },
  { vtigerField: 'firstname', xeroField: 'firstName', direction: 'both', transform: { kind: 'personName', part: 'first' } },
  { vtigerField: 'lastname', xeroField: 'lastName', direction: 'both', transform: { kind: 'personName', part: 'last' } },
  both('email', 'emailAddress'),
  both('phone', 'phones.DEFAULT'),
  both('mobile', 'phones.MOBILE'),
  both('fax', 'phones.FAX'),
  both('otherphone', 'phones.DDI'),
  ...addressBlock({ street: 'mailingstreet', pobox: 'mailingpobox', city: 'mailingcity', state: 'mailingstate', code: 'mailingzip', country: 'mailingcountry' }, 'POBOX'),
  ...addressBlock({ street: 'otherstreet', pobox: 'otherpobox', city: 'othercity', state: 'otherstate', code: 'otherzip', country: 'othercountry' }, 'STREET'),
];

const ACCOUNTS: FieldMapping[] = [
  { vtigerField: 'account_no', xeroField: 'contactNumber', direction: 'toXero' },
  both('accountname', 'name'),
  both('email1', 'emailAddress'),
  both('phone', 'phones.DEFAULT'),
  both('fax', 'phones.FAX'),
  both('otherphone', 'phones.DDI'),
  { vtigerField: 'website', xeroField: 'website', direction: 'toVtiger' },
  ...addressBlock({ street: 'bill_street', pobox: 'bill_pobox', city: 'bill_city', state: 'bill_state', code: 'bill_code', country: 'bill_country' }, 'POBOX'),
  ...addressBlock({ street: 'ship_street', pobox: 'ship_pobox', city: 'ship_city', state: 'ship_state', code: 'ship_code', country: 'ship_country' }, 'STREET'),
];

/** Vtiger rounds product and service unit prices to 2 decimals on save. */
const UNIT_PRICE: FieldMapping = { vtigerField: 'unit_price', xeroField: 'salesDetails.unitPrice', direction: 'both', transform: { kind: 'money', decimals: 2 } };

const PRODUCTS: FieldMapping[] = [
  both('productcode', 'code'),
  both('productname', 'name'),
  both('description', 'description'),
  UNIT_PRICE,
  both('purchase_cost', 'purchaseDetails.unitPrice'),
];

/**
 * Vtiger Services have no Part Number (vtiger_service has no such column in 8.2), so the Item Code is the
 * Service Number (`service_no`, SER1…), which Vtiger numbers itself: it goes to Xero one way. An admin who adds
 * a "Part Number" custom field to Services can map it to `code` instead.
 */
const SERVICES: FieldMapping[] = [
  { vtigerField: 'service_no', xeroField: 'code', direction: 'toXero' },
  both('servicename', 'name'),
  both('description', 'description'),
  UNIT_PRICE,
  both('purchase_cost', 'purchaseDetails.unitPrice'),
];

export const DEFAULT_FIELD_MAPPINGS: Readonly<Record<SyncPair, readonly FieldMapping[]>> = {
  contacts: CONTACTS,
  accounts: ACCOUNTS,
  products: PRODUCTS,
  services: SERVICES,
};

/**
 * A Contact with an Organization is a ContactPerson on the organization's Xero contact. Xero keeps only these
 * four things of a person, so this mapping is fixed.
 */
export const CONTACT_PERSON_FIELD_MAPPINGS: readonly FieldMapping[] = [
  both('firstname', 'firstName'),
  both('lastname', 'lastName'),
  both('email', 'emailAddress'),
  { vtigerField: 'emailoptout', xeroField: 'includeInEmails', direction: 'both', transform: { kind: 'negate' } },
];
