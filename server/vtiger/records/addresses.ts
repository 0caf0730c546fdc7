import type { RecordRow } from './recordRow.js';
import type { VtigerAddress } from './recordTypes.js';

export interface AddressColumns {
  table: string;
  street: string;
  poBox: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

/** Vtiger's two address layouts: contacts `mailingstreet`/`mailingzip`…, organizations and invoices `bill_street`/`bill_code`…. */
export function contactAddressColumns(table: string, prefix: 'mailing' | 'other'): AddressColumns {
  return { table, street: `${prefix}street`, poBox: `${prefix}pobox`, city: `${prefix}city`, state: `${prefix}state`, postalCode: `${prefix}zip`, country: `${prefix}country` };
}

export function billShipAddressColumns(table: string, prefix: 'bill' | 'ship'): AddressColumns {
  return { table, street: `${prefix}_street`, poBox: `${prefix}_pobox`, city: `${prefix}_city`, state: `${prefix}_state`, postalCode: `${prefix}_code`, country: `${prefix}_country` };
}

export function addressColumnList(a: AddressColumns): string[] {
  return [a.street, a.poBox, a.city, a.state, a.postalCode, a.country];
}

export function readAddress(row: RecordRow, a: AddressColumns): VtigerAddress {
  return {
    street: row.text(a.table, a.street),
    poBox: row.text(a.table, a.poBox),
    city: row.text(a.table, a.city),
    state: row.text(a.table, a.state),
    postalCode: row.text(a.table, a.postalCode),
    country: row.text(a.table, a.country),
  };
}
