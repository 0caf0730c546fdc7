import type { Knex } from 'knex';
import { cents, dec, plain } from '../../money/decimal.js';
import type { XeroAccountingApi } from '../../xero/api/XeroAccountingApi.js';
import type { XeroDocumentKind } from './buildXeroDocument.js';
import { findInvoiceLinks } from './invoiceLinks.js';

/**
 * Vtiger's and Xero's totals of invoices side by side (the demo prints them): Vtiger's total as stored (4+
 * decimals) and rounded to the cent, and the total Xero holds now — read from Xero for invoices and bills (one
 * call per 50), as Xero last answered for receipts.
 */
export interface TotalsRow {
  crmid: number;
  invoiceNumber: string;
  subject: string;
  document: XeroDocumentKind | null;
  xeroNumber: string | null;
  vtigerStored: string;
  vtigerTotal: string;
  xeroTotal: string | null;
  equal: boolean;
}

export async function invoiceTotalsSideBySide(deps: { knex: Knex; xero: XeroAccountingApi }, crmids: readonly number[]): Promise<TotalsRow[]> {
  const rows = (await deps.knex('vtiger_invoice').whereIn('invoiceid', [...crmids]).select('invoiceid', 'invoice_no', 'subject', 'total')) as Array<{ invoiceid: number; invoice_no: string; subject: string; total: string | null }>;
  const links = await findInvoiceLinks(deps.knex, crmids);
  const fromXero = await deps.xero.getInvoicesById([...links.values()].filter((l) => l.kind !== 'receipt').map((l) => l.xeroId));
  const xeroTotals = new Map(fromXero.map((i) => [i.invoiceID ?? '', cents(dec(String(i.total ?? 0)))]));
  return crmids.flatMap((crmid) => {
    const r = rows.find((x) => Number(x.invoiceid) === crmid);
    if (!r) return [];
    const link = links.get(crmid);
    const xeroTotal = link ? (link.kind === 'receipt' ? cents(dec(link.xeroTotal)) : (xeroTotals.get(link.xeroId) ?? null)) : null;
    const vtigerTotal = cents(dec(r.total));
    return [{
      crmid, invoiceNumber: r.invoice_no, subject: r.subject, document: link?.kind ?? null, xeroNumber: link?.xeroNumber ?? null,
      vtigerStored: plain(dec(r.total)), vtigerTotal, xeroTotal, equal: xeroTotal === vtigerTotal,
    }];
  });
}

/** The rows as a fixed-width table for a terminal. */
export function formatTotalsTable(rows: readonly TotalsRow[]): string {
  const head = ['Invoice', 'Subject', 'Vtiger (stored)', 'Vtiger', 'Xero', 'Xero document', ''];
  const body = rows.map((r) => [r.invoiceNumber, r.subject, r.vtigerStored, r.vtigerTotal, r.xeroTotal ?? '—', r.document ? `${r.document} ${r.xeroNumber ?? ''}`.trim() : 'not in Xero', r.equal ? '=' : '≠']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
