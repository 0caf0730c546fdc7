import { describe, expect, it } from 'vitest';
import { dueWaits, factToRecheck, organisationFactHashes, type OrganisationFactKind, type StoredWait } from './waits.js';

const twin = (crmid: number, ref: number, since: string, twinModifiedAtRefusal: string | null = null): StoredWait =>
  ({ module: 'Products', crmid, cause: 'twin', ref: String(ref), reason: { key: 'sync.failed.record', params: {} }, factsHash: twinModifiedAtRefusal, since }) as StoredWait;

describe('dueWaits (twin)', () => {
  it('a record refused for its twin goes again once the twin is edited (its modifiedtime differs from the one the refusal saw, whatever the clocks), or deleted', () => {
    const at = '2026-12-03 10:00:05';
    const waits = [twin(1, 11, at, '2026-12-03 09:00:00'), twin(2, 12, at, '2026-12-03 09:00:00'), twin(3, 13, at, '2026-12-03 09:00:00'), twin(4, 14, at, '2026-12-03 09:00:00')];
    const modified = new Map<number, string | null>([
      [11, '2026-12-03 10:00:06'], // edited after the refusal
      [12, '2026-12-03 10:00:05'], // edited in the second of the refusal
      [13, '2026-12-03 09:00:00'], // not edited since
    ]); // 14: deleted
    expect(dueWaits(waits, { linked: new Set(), modified, factsHash: undefined }).sort()).toEqual([1, 2, 4]);
  });

  it('a wait stored without the twin\'s modifiedtime compares with the refusal\'s time: an edit in the same second is not seen as later', () => {
    const at = '2026-12-03 10:00:05';
    const modified = new Map<number, string | null>([[11, '2026-12-03 10:00:06'], [12, at]]);
    expect(dueWaits([twin(1, 11, at), twin(2, 12, at)], { linked: new Set(), modified, factsHash: undefined })).toEqual([1]);
  });
});

describe('tax-rate and currency waits: at most one Xero call a run', () => {
  const rate = (taxType: string, percent: string) => ({ taxType, effectiveRate: percent, active: true });
  const orgWait = (crmid: number, cause: OrganisationFactKind, hash: string): StoredWait =>
    ({ module: 'Invoice', crmid, cause, ref: null, reason: { key: 'invoice.refused.taxRateMissing', params: {} }, factsHash: hash, since: '2026-12-03 10:00:00' }) as StoredWait;

  it('reads only the kind that waits, and alternates when both kinds wait', () => {
    expect(factToRecheck([], undefined)).toBeUndefined();
    expect(factToRecheck([{ cause: 'taxRate' }], 'taxRate')).toBe('taxRate');
    expect(factToRecheck([{ cause: 'currency' }], 'currency')).toBe('currency');
    const both = [{ cause: 'taxRate' as const }, { cause: 'currency' as const }];
    expect(factToRecheck(both, undefined)).toBe('taxRate');
    expect(factToRecheck(both, 'taxRate')).toBe('currency');
    expect(factToRecheck(both, 'currency')).toBe('taxRate');
  });

  it('with both kinds waiting, one read a run releases both within two runs once Xero has the rate and the currency', () => {
    const before = organisationFactHashes([rate('OUTPUT', '10')], ['EUR']);
    const after = organisationFactHashes([rate('OUTPUT', '10'), rate('TAX001', '27')], ['EUR', 'JPY']);
    const waits = [orgWait(1, 'taxRate', before.taxRate), orgWait(2, 'currency', before.currency)];
    const reads: OrganisationFactKind[] = [];
    let last: OrganisationFactKind | undefined;
    const released = new Set<number>();
    for (let run = 0; run < 2; run += 1) {
      const pending = waits.filter((w) => !released.has(w.crmid));
      const kind = factToRecheck(pending, last);
      if (kind === undefined) break;
      reads.push(kind);
      last = kind;
      for (const crmid of dueWaits(pending, { linked: new Set(), modified: new Map(), factsHash: { [kind]: after[kind] } })) released.add(crmid);
    }
    expect(reads).toEqual(['taxRate', 'currency']);
    expect([...released].sort()).toEqual([1, 2]);
  });

  it('a kind not read this run leaves its waits, and an unchanged kind releases nothing', () => {
    const now = organisationFactHashes([rate('OUTPUT', '10')], ['EUR']);
    const waits = [orgWait(1, 'taxRate', 'old'), orgWait(2, 'currency', 'old'), orgWait(3, 'taxRate', now.taxRate)];
    expect(dueWaits(waits, { linked: new Set(), modified: new Map(), factsHash: { taxRate: now.taxRate } })).toEqual([1]);
    expect(dueWaits(waits, { linked: new Set(), modified: new Map(), factsHash: { currency: now.currency } })).toEqual([2]);
  });
});
