import { describe, expect, it } from 'vitest';
import { normaliseXeroDates, parseXeroDate } from './xeroDates.js';

describe('Xero dates', () => {
  it('parses /Date()/ with and without offset, ISO and Date', () => {
    expect(parseXeroDate('/Date(1439434356790)/')?.toISOString()).toBe('2015-08-13T02:52:36.790Z');
    expect(parseXeroDate('/Date(1419937200000+0000)/')?.toISOString()).toBe('2014-12-30T11:00:00.000Z');
    expect(parseXeroDate('/Date(-86400000)/')?.toISOString()).toBe('1969-12-31T00:00:00.000Z');
    expect(parseXeroDate('2026-01-05T09:00:00')?.toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect(parseXeroDate('2026-01-05')?.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(parseXeroDate(new Date(5))?.getTime()).toBe(5);
    expect(parseXeroDate('soon')).toBeUndefined();
    expect(parseXeroDate(42)).toBeUndefined();
  });

  it('turns the SDK Dates into timestamps (…UTC) and calendar dates, deep, leaving other values alone', () => {
    const sdkResult = {
      invoices: [
        {
          invoiceID: 'a',
          date: new Date(Date.UTC(2026, 0, 5)),
          dueDate: '/Date(1767830400000+0000)/',
          updatedDateUTC: new Date(Date.UTC(2026, 0, 5)),
          lineItems: [{ quantity: 2, description: '/Date is text' }],
          payments: [{ date: new Date(Date.UTC(2026, 0, 6, 10, 30)) }],
          maybe: undefined,
        },
      ],
    };
    expect(normaliseXeroDates(sdkResult)).toEqual({
      invoices: [
        {
          invoiceID: 'a',
          date: '2026-01-05',
          dueDate: '2026-01-08',
          updatedDateUTC: '2026-01-05T00:00:00.000Z',
          lineItems: [{ quantity: 2, description: '/Date is text' }],
          payments: [{ date: '2026-01-06T10:30:00.000Z' }],
        },
      ],
    });
  });
});
