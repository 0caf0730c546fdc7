import { describe, expect, it } from 'vitest';
import { parseInvoiceSyncSettings } from '../invoices/invoiceSettings.js';
import { paymentChanged, paymentFields } from './paymentWriteBack.js';

const settings = parseInvoiceSyncSettings({});

describe('payments written back to Vtiger', () => {
  it('paid in full → Paid; partly → Partially Paid; payments removed → back to unpaid', () => {
    expect(paymentFields({ amountPaid: '575.38', amountDue: '0.00' }, 'Sent', settings)).toEqual({ received: '575.38', balance: '0.00', invoicestatus: 'Paid' });
    expect(paymentFields({ amountPaid: '100', amountDue: '186.07' }, 'Sent', settings)).toEqual({ received: '100.00', balance: '186.07', invoicestatus: 'Partially Paid' });
    expect(paymentFields({ amountPaid: '0', amountDue: '286.07' }, 'Partially Paid', settings)).toEqual({ received: '0.00', balance: '286.07', invoicestatus: 'Sent' });
    expect(paymentFields({ amountPaid: '0', amountDue: '286.07' }, 'Approved', settings).invoicestatus).toBeUndefined();
    expect(paymentFields({ amountPaid: '680.63', amountDue: '0' }, 'Paid', settings).invoicestatus).toBeUndefined();
  });

  it('writes only when Xero differs from what was last written back', () => {
    expect(paymentChanged({ amountPaid: '0.00', amountDue: '10.00' }, { amountPaid: null, amountDue: null })).toBe(false);
    expect(paymentChanged({ amountPaid: '5.00', amountDue: '5.00' }, { amountPaid: null, amountDue: null })).toBe(true);
    expect(paymentChanged({ amountPaid: '5.00', amountDue: '5.00' }, { amountPaid: '5', amountDue: '5.0' })).toBe(false);
    expect(paymentChanged({ amountPaid: '0.00', amountDue: '10.00' }, { amountPaid: '5.00', amountDue: '5.00' })).toBe(true);
  });
});
