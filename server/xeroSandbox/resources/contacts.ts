/**
 * Contacts: create (PUT) or create-or-update (POST, matched on ContactID, then ContactNumber), with Xero's rules:
 * Name required and unique among active contacts, length limits, a valid email, currency and tax types that
 * exist in the organisation, archiving through ContactStatus.
 */
import type { XeroContact } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import { newGuid } from '../xeroFormats.js';
import { checkLength, sameText, str, withoutSystemFields, type ElementOutcome, type WriteInput } from './elementOutcome.js';

export const CONTACT_FIELDS = [
  'ContactID', 'MergedToContactID', 'ContactNumber', 'AccountNumber', 'ContactStatus', 'Name', 'FirstName', 'LastName',
  'CompanyNumber', 'EmailAddress', 'ContactPersons', 'BankAccountDetails', 'TaxNumber', 'AccountsReceivableTaxType',
  'AccountsPayableTaxType', 'Addresses', 'Phones', 'IsSupplier', 'IsCustomer', 'DefaultCurrency', 'UpdatedDateUTC',
  'ContactGroups', 'Website', 'Discount', 'Balances', 'HasAttachments',
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Xero's message for an e-mail it refuses, on the contact and on each of its ContactPersons alike. Xero words its
 * format checks "<Field> must be valid." — seen in real answers for EmailAddress (xeroizer issue #477, a contact
 * with an invalid e-mail refused inside an invoice batch) and Website (Xero-NetStandard issue #434).
 */
export const INVALID_EMAIL = 'Email address must be valid.';

/** ContactPersons: each e-mail valid when given. */
function checkContactPersons(errors: string[], persons: unknown): void {
  if (!Array.isArray(persons)) return;
  for (const person of persons as unknown[]) {
    const email = person !== null && typeof person === 'object' ? str((person as WriteInput)['EmailAddress']) : undefined;
    if (email !== undefined && email !== '' && !EMAIL.test(email.trim())) errors.push(INVALID_EMAIL);
  }
}

export function findContact(org: OrgStore, input: WriteInput): XeroContact | undefined {
  const id = str(input['ContactID']);
  if (id !== undefined) return org.contacts.get(id);
  const number = str(input['ContactNumber']);
  return number !== undefined && number !== '' ? org.contacts.find((c) => c.ContactNumber === number) : undefined;
}

export function saveContact(org: OrgStore, raw: WriteInput, mode: 'create' | 'upsert'): ElementOutcome<XeroContact> {
  const input = withoutSystemFields(raw, ['Balances', 'Website', 'Discount', 'HasAttachments', 'MergedToContactID']);
  const errors: string[] = [];
  const id = str(raw['ContactID']);
  const existing = id !== undefined || mode === 'upsert' ? findContact(org, raw) : undefined;
  if (id !== undefined && existing === undefined) return { ok: false, errors: [`Contact with ContactID ${id} could not be found.`] };

  const merged = { ...(existing ?? {}), ...input } as WriteInput;
  const name = str(merged['Name'])?.trim();
  if (name === undefined || name === '') errors.push('The contact name must be specified.');
  checkLength(errors, merged, 'Name', 255, 'The contact name');
  checkLength(errors, merged, 'ContactNumber', 50, 'The Contact Number');
  checkLength(errors, merged, 'AccountNumber', 50, 'The Account Number');
  checkLength(errors, merged, 'FirstName', 255, 'The First Name');
  checkLength(errors, merged, 'LastName', 255, 'The Last Name');
  checkLength(errors, merged, 'EmailAddress', 255, 'The Email Address');
  checkLength(errors, merged, 'CompanyNumber', 50, 'The Company Number');
  checkLength(errors, merged, 'TaxNumber', 50, 'The Tax Number');
  const email = str(merged['EmailAddress']);
  if (email !== undefined && email !== '' && !EMAIL.test(email.trim())) errors.push(INVALID_EMAIL);
  checkContactPersons(errors, merged['ContactPersons']);
  const currency = str(merged['DefaultCurrency']);
  if (currency !== undefined && currency !== '' && !org.currencies.has(currency)) errors.push(`The currency code ${currency} is not valid for this organisation.`);
  for (const field of ['AccountsReceivableTaxType', 'AccountsPayableTaxType']) {
    const taxType = str(merged[field]);
    if (taxType !== undefined && taxType !== '' && org.taxRates.active(taxType) === undefined) errors.push(`The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`);
  }
  const status = (str(merged['ContactStatus']) ?? 'ACTIVE') as XeroContact['ContactStatus'];
  if (status === 'ACTIVE' && name !== undefined && name !== '') {
    const clash = org.contacts.find((c) => c.ContactStatus === 'ACTIVE' && c.ContactID !== existing?.ContactID && sameText(c.Name, name));
    if (clash !== undefined) errors.push(`The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const record: XeroContact = {
    IsSupplier: false,
    IsCustomer: false,
    HasAttachments: false,
    ...merged,
    ContactID: existing?.ContactID ?? newGuid(),
    ContactStatus: status,
    Name: name as string,
    UpdatedDateUTC: org.stamp(),
  };
  return { ok: true, record: org.contacts.put(record) };
}

/**
 * The contact a document names: by ContactID or ContactNumber, else by Name among active contacts — and, as Xero
 * does, a contact is created when a document names one that does not exist yet.
 */
export function resolveDocumentContact(org: OrgStore, raw: unknown, errors: string[]): XeroContact | undefined {
  if (raw === undefined || raw === null || typeof raw !== 'object') {
    errors.push('A Contact must be specified for this type of transaction.');
    return undefined;
  }
  const input = raw as WriteInput;
  const id = str(input['ContactID']);
  if (id !== undefined) {
    const found = org.contacts.get(id);
    if (found === undefined) errors.push(`Contact with ContactID ${id} could not be found.`);
    return found;
  }
  const byNumber = findContact(org, input);
  if (byNumber !== undefined) return byNumber;
  const name = str(input['Name']);
  if (name === undefined || name.trim() === '') {
    errors.push('A Contact must be specified for this type of transaction.');
    return undefined;
  }
  const byName = org.contacts.find((c) => c.ContactStatus === 'ACTIVE' && sameText(c.Name, name));
  if (byName !== undefined) return byName;
  const created = saveContact(org, input, 'create');
  if (!created.ok) {
    errors.push(...created.errors);
    return undefined;
  }
  return created.record;
}
