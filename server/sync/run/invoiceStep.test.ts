import { describe, expect, it } from 'vitest';
import { emptyInvoiceCounts } from '../invoices/invoiceOutcome.js';
import { invoiceRow } from './invoiceStep.js';

describe('the run summary row of the invoice work', () => {
  it('adds up invoices to Xero, payments and Xero invoices back; voided/deleted count as updated, refusals as failed', () => {
    const toXero = { counts: { ...emptyInvoiceCounts(), created: 2, deleted: 1, refused: 1, unchanged: 4 } };
    const payments = { counts: { ...emptyInvoiceCounts(), updated: 3, failed: 1 } };
    const fromXero = { counts: { ...emptyInvoiceCounts(), created: 1, skipped: 2 } };
    expect(invoiceRow([toXero, payments, fromXero])).toEqual({ created: 3, updated: 4, unchanged: 4, skipped: 2, failed: 2, conflicts: 0 });
  });

  it('is all zero when a part did not run', () => {
    expect(invoiceRow([undefined, undefined, undefined])).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });
  });
});
