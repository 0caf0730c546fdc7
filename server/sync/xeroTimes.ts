import { toInstant } from './values/normalise.js';

/** UpdatedDateUTC of a Xero object (ISO string from the Xero wrapper, a Date from raw xero-node) in ms, for the planner. */
export function xeroUpdatedAt(object: { updatedDateUTC?: string | Date | undefined }): number | undefined {
  return toInstant(object.updatedDateUTC ?? null)?.getTime();
}

/** Whether a Xero contact is archived (ContactStatus ARCHIVED); items have no archive state. */
export function isArchivedXeroContact(object: { contactStatus?: unknown }): boolean {
  return String(object.contactStatus ?? '') === 'ARCHIVED';
}

/** Vtiger modifiedtime (`YYYY-MM-DD HH:MM:SS`, UTC) in ms. */
export function vtigerModifiedAt(modifiedtime: string | null | undefined): number | undefined {
  return toInstant(modifiedtime ?? null)?.getTime();
}
