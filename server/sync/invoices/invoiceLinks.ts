import type { Knex } from 'knex';
import { toSqlDateTime } from '../values/normalise.js';
import type { XeroDocumentKind } from './buildXeroDocument.js';

/**
 * Links between Vtiger invoices and Xero documents (table xtiger_invoice_links): keyed on the invoice's crmid and,
 * uniquely, on the Xero id, so storing a link again after a crash changes nothing.
 */
export interface InvoiceLink {
  crmid: number;
  xeroId: string;
  kind: XeroDocumentKind;
  xeroNumber: string | null;
  /** Hash of the document as last sent; equal hash = nothing to send. */
  contentHash: string;
  xeroStatus: string;
  /** Xero's total as last seen, 2 dp. */
  xeroTotal: string;
  reconciled: boolean;
  /** Payments state as last written back to Vtiger. */
  amountPaid: string | null;
  amountDue: string | null;
  origin: 'vtiger' | 'xero';
  xeroUpdatedAt: Date | null;
  lastSyncedAt: Date;
}

interface Row {
  crmid: number;
  xero_id: string;
  xero_kind: string;
  xero_number: string | null;
  content_hash: string;
  xero_status: string;
  xero_total: string;
  xero_reconciled: number;
  amount_paid: string | null;
  amount_due: string | null;
  origin: string;
  xero_updated_at: string | Date | null;
  last_synced_at: string | Date;
}

const TABLE = 'xtiger_invoice_links';

const asDate = (v: string | Date | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));

function fromRow(r: Row): InvoiceLink {
  return {
    crmid: Number(r.crmid),
    xeroId: r.xero_id,
    kind: r.xero_kind as XeroDocumentKind,
    xeroNumber: r.xero_number,
    contentHash: r.content_hash,
    xeroStatus: r.xero_status,
    xeroTotal: String(r.xero_total),
    reconciled: Number(r.xero_reconciled) === 1,
    amountPaid: r.amount_paid === null ? null : String(r.amount_paid),
    amountDue: r.amount_due === null ? null : String(r.amount_due),
    origin: r.origin === 'xero' ? 'xero' : 'vtiger',
    xeroUpdatedAt: asDate(r.xero_updated_at),
    lastSyncedAt: asDate(r.last_synced_at) ?? new Date(0),
  };
}

function toRow(l: InvoiceLink): Omit<Row, 'last_synced_at' | 'xero_updated_at'> & { last_synced_at: string; xero_updated_at: string | null } {
  return {
    crmid: l.crmid,
    xero_id: l.xeroId,
    xero_kind: l.kind,
    xero_number: l.xeroNumber,
    content_hash: l.contentHash,
    xero_status: l.xeroStatus,
    xero_total: l.xeroTotal,
    xero_reconciled: l.reconciled ? 1 : 0,
    amount_paid: l.amountPaid,
    amount_due: l.amountDue,
    origin: l.origin,
    xero_updated_at: l.xeroUpdatedAt ? toSqlDateTime(l.xeroUpdatedAt) : null,
    last_synced_at: toSqlDateTime(l.lastSyncedAt),
  };
}

export async function upsertInvoiceLinks(db: Knex, links: readonly InvoiceLink[]): Promise<void> {
  if (links.length === 0) return;
  const rows = links.map((l) => ({ ...toRow(l), created_at: toSqlDateTime(l.lastSyncedAt) }));
  // A re-created document replaces the old link's Xero id; free the id first so the unique key cannot clash.
  await db(TABLE).whereIn('xero_id', rows.map((r) => r.xero_id)).whereNotIn('crmid', rows.map((r) => r.crmid)).delete();
  await db(TABLE).insert(rows).onConflict('crmid').merge(Object.keys(rows[0] ?? {}).filter((k) => k !== 'crmid' && k !== 'created_at'));
}

export async function findInvoiceLinks(db: Knex, crmids: readonly number[]): Promise<Map<number, InvoiceLink>> {
  const out = new Map<number, InvoiceLink>();
  for (let i = 0; i < crmids.length; i += 500) {
    const rows = (await db(TABLE).whereIn('crmid', crmids.slice(i, i + 500))) as Row[];
    for (const r of rows) out.set(Number(r.crmid), fromRow(r));
  }
  return out;
}

export async function findInvoiceLinksByXeroIds(db: Knex, xeroIds: readonly string[]): Promise<Map<string, InvoiceLink>> {
  const out = new Map<string, InvoiceLink>();
  for (let i = 0; i < xeroIds.length; i += 500) {
    const rows = (await db(TABLE).whereIn('xero_id', xeroIds.slice(i, i + 500))) as Row[];
    for (const r of rows) out.set(r.xero_id, fromRow(r));
  }
  return out;
}

export async function allInvoiceLinks(db: Knex, kinds?: readonly XeroDocumentKind[]): Promise<InvoiceLink[]> {
  const q = db(TABLE);
  if (kinds) q.whereIn('xero_kind', [...kinds]);
  return ((await q) as Row[]).map(fromRow);
}
