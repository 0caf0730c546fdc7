import type { VtigerRecord } from '../types.js';

/**
 * How a Vtiger Contact appears in Xero (see README "Contacts and organizations"): without an organization it is
 * a Xero contact of its own; with one it is a ContactPerson on the organization's Xero contact.
 */
export type ContactAppearance = { kind: 'contact' } | { kind: 'person'; accountCrmid: number };

/** The crmid a reference field points to: "2" as stored, "11x2" as the webservice says, none for "", "0". */
export function referencedCrmid(value: string | null | undefined): number | undefined {
  const text = (value ?? '').trim();
  const match = /^(?:\d+x)?(\d+)$/.exec(text);
  const id = match ? Number(match[1]) : 0;
  return id > 0 ? id : undefined;
}

export function contactAppearance(record: VtigerRecord): ContactAppearance {
  const accountCrmid = referencedCrmid(record['account_id']);
  return accountCrmid === undefined ? { kind: 'contact' } : { kind: 'person', accountCrmid };
}

/** The link id of a ContactPerson: Xero gives persons no id, so it is the organization's ContactID plus the crmid. */
export function personXeroId(organizationContactId: string, crmid: number): string {
  return `${organizationContactId}#person:${crmid}`;
}

export function parsePersonXeroId(xeroId: string): { organizationContactId: string; crmid: number } | undefined {
  const match = /^(.+)#person:(\d+)$/.exec(xeroId);
  return match ? { organizationContactId: match[1] as string, crmid: Number(match[2]) } : undefined;
}
