import type { InvoiceSyncSettings, XeroTargetStatus } from './invoiceSettings.js';

/** What to do with a Vtiger invoice of a given status (see invoiceSettings.ts for the defaults). Pure. */
export type StatusDecision = { kind: 'send'; status: XeroTargetStatus } | { kind: 'cancel' } | { kind: 'refuse'; status: string };

export const CANCELLED_STATUS = 'Cancel';

export function decideStatus(vtigerStatus: string | null, settings: InvoiceSyncSettings): StatusDecision {
  const status = (vtigerStatus ?? '').trim();
  if (status === CANCELLED_STATUS) return { kind: 'cancel' };
  const mapped = settings.statusMap[status];
  if (mapped === 'refuse') return { kind: 'refuse', status };
  return { kind: 'send', status: mapped ?? settings.unmappedStatus };
}
