/**
 * The corpus is a case list that can be trusted: big enough, every record named once, references to records
 * written before, and every record that cannot be sent at first has a way out (its own fix, its twin's, its
 * parent's or item's, or the admin's fix in Xero) — so "every waiting record is sent after the fixes" is a
 * fair expectation.
 */
import { describe, expect, it } from 'vitest';
import { DIRTY_CRM_FAULTS, dirtyCrmCorpus, LOCKED_LAST_WEEK, SYNCED_LAST_WEEK, type CorpusRecord } from './corpus.js';

const corpus = dirtyCrmCorpus();
const byKey = new Map(corpus.map((r) => [r.key, r]));

function refs(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('@') && !value.startsWith('@currency.') ? [value.slice(1)] : [];
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(refs);
  return [];
}

/** Is the record's cause removed by some fix of the corpus? */
function hasWayOut(r: CorpusRecord): boolean {
  const e = r.expect;
  if (e.in === 'xero' || e.in === 'gone') return true;
  if (r.fix) return true;
  if (e.in === 'needsAction') return e.twin !== undefined && byKey.get(e.twin)?.fix !== undefined;
  if (e.cause === 'taxRate' || e.cause === 'currency' || e.cause === 'vtigerWrite') return true;
  if (e.cause === 'locked') return LOCKED_LAST_WEEK.some((l) => l.key === r.key);
  // parent / item: one of the records it names is fixed, or is a twin of a fixed one
  return refs(r.element).some((k) => {
    const named = byKey.get(k);
    if (named === undefined || named.expect.in === 'xero') return false;
    return hasWayOut(named);
  });
}

describe('the dirty-CRM corpus', () => {
  it('has at least 200 records across the five modules, 40 invoices (43 with the sample database)', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const count = (m: string) => corpus.filter((r) => r.module === m).length;
    expect([count('Accounts'), count('Contacts'), count('Products'), count('Services'), count('Invoice')]).toEqual([41, 82, 30, 9, 40]);
  });

  it('names every record once and refers only to records written before it; last week\'s records refer to none', () => {
    expect(byKey.size).toBe(corpus.length);
    corpus.forEach((r, i) => {
      for (const k of refs(r.element)) expect(corpus.findIndex((x) => x.key === k), `${r.key} → ${k}`).toBeLessThan(i);
    });
    for (const { key } of [...SYNCED_LAST_WEEK, ...LOCKED_LAST_WEEK]) expect(refs(byKey.get(key)?.element), key).toEqual([]);
  });

  it('covers the cases of issue 10', () => {
    const codes = corpus.filter((r) => r.module === 'Products').map((r) => String(r.element['productcode']));
    expect(codes.filter((c) => c === 'DUP-777')).toHaveLength(2);
    expect(codes).toEqual(expect.arrayContaining(['tn-2000', 'TN-2000', '']));
    expect(codes.some((c) => c.length > 30)).toBe(true);
    const names = corpus.filter((r) => r.module === 'Accounts').map((r) => String(r.element['accountname']));
    expect(names.filter((n) => n === '株式会社サンプル')).toHaveLength(2);
    expect(names.some((n) => n.length === 255) && names.some((n) => /<b>/.test(n)) && names.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
    const quantities = corpus.filter((r) => r.module === 'Invoice').flatMap((r) => (r.element['LineItems'] as Array<{ quantity: string }>).map((l) => Number(l.quantity)));
    expect(quantities.some((q) => q === 0) && quantities.some((q) => q < 0)).toBe(true);
    const causes = new Set(corpus.flatMap((r) => (r.expect.in === 'waiting' ? [r.expect.cause] : [])));
    expect([...causes].sort()).toEqual(['currency', 'item', 'locked', 'parent', 'taxRate', 'vtigerWrite']);
    expect(LOCKED_LAST_WEEK.map((l) => byKey.get(l.key)?.element['invoicestatus'])).toEqual(['Approved']);
    expect(byKey.get(DIRTY_CRM_FAULTS.deleteBeforeWrite)?.expect.in).toBe('gone');
    expect(SYNCED_LAST_WEEK.map((c) => c.key).sort()).toEqual([DIRTY_CRM_FAULTS.deleteBeforeWrite, DIRTY_CRM_FAULTS.http500OnWrite].sort());
  });

  it('gives every refused record a way out, so all can be sent after the fixes', () => {
    expect(corpus.filter((r) => !hasWayOut(r)).map((r) => r.key)).toEqual([]);
    const pairs = corpus.flatMap((r) => (r.expect.in === 'needsAction' && r.expect.twin ? [[r.key, r.expect.twin]] : []));
    for (const [a, b] of pairs) {
      const twin = byKey.get(b ?? '');
      expect(twin?.expect.in === 'needsAction' ? twin.expect.twin : undefined, `${a} ↔ ${b}`).toBe(a);
    }
  });
});
