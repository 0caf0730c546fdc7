import { describe, expect, it } from 'vitest';
import { formatSummaryTable, parseSummaryTable } from './summaryTable.js';

const counts = (created: number, updated: number, unchanged: number, skipped: number, failed: number, conflicts: number) => ({ created, updated, unchanged, skipped, failed, conflicts });

describe('summary table', () => {
  it('prints one aligned row per module run, Organizations first, and a total', () => {
    const text = formatSummaryTable({ pairs: { contacts: counts(3, 1, 10, 2, 1, 0), accounts: counts(12, 0, 0, 0, 0, 1), products: counts(0, 0, 4, 0, 0, 0) } });
    expect(text.split('\n')).toEqual([
      'Module         created  updated  unchanged  skipped  failed  conflicts',
      '-------------  -------  -------  ---------  -------  ------  ---------',
      'Organizations       12        0          0        0       0          1',
      'Contacts             3        1         10        2       1          0',
      'Products             0        0          4        0       0          0',
      '-------------  -------  -------  ---------  -------  ------  ---------',
      'Total               15        1         14        2       1          1',
    ]);
  });

  it('says which module stopped early and why', () => {
    const text = formatSummaryTable({ pairs: { services: { ...counts(0, 0, 0, 0, 0, 0), error: { code: 'XERO_RATE_LIMITED', message: 'Xero daily limit reached' } } } });
    expect(text).toContain('Services stopped early: Xero daily limit reached (XERO_RATE_LIMITED)');
  });

  it('reads back what it printed, with text around it', () => {
    const table = formatSummaryTable({ pairs: { accounts: counts(1, 2, 3, 4, 5, 6), services: counts(6, 5, 4, 3, 2, 1) } });
    expect(parseSummaryTable(`Run abc\n${table}\nDone.`)).toEqual({
      Organizations: counts(1, 2, 3, 4, 5, 6),
      Services: counts(6, 5, 4, 3, 2, 1),
      Total: counts(7, 7, 7, 7, 7, 7),
    });
    expect(parseSummaryTable('no table here')).toEqual({});
  });
});
