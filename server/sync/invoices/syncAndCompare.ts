import { syncInvoicesToXero, type InvoiceSyncDeps, type InvoiceSyncSummary } from './syncInvoicesToXero.js';
import { formatTotalsTable, invoiceTotalsSideBySide, type TotalsRow } from './totalsSideBySide.js';

/** The sample database's three invoices (INV1 individual tax, INV2 group tax, INV3 discounts and S&H). */
export const SAMPLE_INVOICE_IDS: readonly number[] = [15, 16, 17];

/**
 * For the demo: syncs the given invoices to Xero and returns Vtiger's and Xero's totals side by side, the table
 * ready to print, and the run's summary (whose records carry any refusal's message).
 */
export async function syncAndCompareInvoices(deps: InvoiceSyncDeps, ids: readonly number[] = SAMPLE_INVOICE_IDS): Promise<{ rows: TotalsRow[]; table: string; summary: InvoiceSyncSummary }> {
  const summary = await syncInvoicesToXero(deps, { ids: [...ids] });
  const rows = await invoiceTotalsSideBySide(deps, ids);
  return { rows, table: formatTotalsTable(rows), summary };
}
