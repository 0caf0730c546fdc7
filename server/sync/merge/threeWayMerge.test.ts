import { describe, expect, it } from 'vitest';
import type { ConflictPolicy } from '../types.js';
import { threeWayMerge, type MergeInput } from './threeWayMerge.js';

const base = { phone: '+1 555 0100', city: 'Springfield', email: 'a@x.example' };
const fields: MergeInput['fields'] = [
  { field: 'phone', direction: 'both' },
  { field: 'city', direction: 'both' },
  { field: 'email', direction: 'both' },
];

function merge(vtiger: Record<string, string | null>, xero: Record<string, string | null>, policy: ConflictPolicy = 'hold', extra: Partial<MergeInput> = {}) {
  return threeWayMerge({ fields, vtiger: { ...base, ...vtiger }, xero: { ...base, ...xero }, base: { vtiger: base, xero: base }, policy, ...extra });
}

describe('threeWayMerge', () => {
  it('does nothing when neither side changed', () => {
    const r = merge({}, {});
    expect([r.toXero, r.toVtiger, r.held, r.resolved]).toEqual([[], [], [], []]);
  });

  it('merges fields changed on one side each, under every policy', () => {
    for (const policy of ['vtiger_wins', 'xero_wins', 'most_recent', 'hold'] as const) {
      const r = merge({ phone: '+1 555 0199' }, { city: 'Shelbyville' }, policy);
      expect(r.toXero).toEqual([{ field: 'phone', from: '+1 555 0100', to: '+1 555 0199' }]);
      expect(r.toVtiger).toEqual([{ field: 'city', from: 'Springfield', to: 'Shelbyville' }]);
      expect(r.held).toEqual([]);
      expect(r.nextVtiger).toEqual({ ...base, phone: '+1 555 0199', city: 'Shelbyville' });
      expect(r.nextXero).toEqual(r.nextVtiger);
    }
  });

  it('needs nothing when both sides made the same change', () => {
    const r = merge({ city: 'Capital City' }, { city: 'Capital City' });
    expect([r.toXero, r.toVtiger, r.held]).toEqual([[], [], []]);
  });

  it('vtiger_wins and xero_wins decide a field changed on both sides', () => {
    const v = merge({ city: 'V-Town' }, { city: 'X-Town' }, 'vtiger_wins');
    expect(v.toXero).toEqual([{ field: 'city', from: 'X-Town', to: 'V-Town' }]);
    expect(v.toVtiger).toEqual([]);
    expect(v.resolved).toEqual([{ field: 'city', base: { vtiger: 'Springfield', xero: 'Springfield' }, vtiger: 'V-Town', xero: 'X-Town', winner: 'vtiger' }]);
    const x = merge({ city: 'V-Town' }, { city: 'X-Town' }, 'xero_wins');
    expect(x.toVtiger).toEqual([{ field: 'city', from: 'V-Town', to: 'X-Town' }]);
    expect(x.toXero).toEqual([]);
  });

  it('most_recent takes the side modified last, Vtiger on a tie, and holds without both times', () => {
    const newerXero = merge({ city: 'V' }, { city: 'X' }, 'most_recent', { vtigerModifiedAt: 1000, xeroModifiedAt: 2000 });
    expect(newerXero.toVtiger.map((c) => c.to)).toEqual(['X']);
    const newerVtiger = merge({ city: 'V' }, { city: 'X' }, 'most_recent', { vtigerModifiedAt: 3000, xeroModifiedAt: 2000 });
    expect(newerVtiger.toXero.map((c) => c.to)).toEqual(['V']);
    const tie = merge({ city: 'V' }, { city: 'X' }, 'most_recent', { vtigerModifiedAt: 2000, xeroModifiedAt: 2000 });
    expect(tie.resolved[0]?.winner).toBe('vtiger');
    const unknown = merge({ city: 'V' }, { city: 'X' }, 'most_recent', { vtigerModifiedAt: 2000 });
    expect(unknown.held).toEqual([{ field: 'city', base: { vtiger: 'Springfield', xero: 'Springfield' }, vtiger: 'V', xero: 'X' }]);
  });

  it('hold reports both values and still lists the one-sided changes', () => {
    const r = merge({ city: 'V', phone: '+1 1' }, { city: 'X' }, 'hold');
    expect(r.held).toEqual([{ field: 'city', base: { vtiger: 'Springfield', xero: 'Springfield' }, vtiger: 'V', xero: 'X' }]);
    expect(r.toXero.map((c) => c.field)).toEqual(['phone']);
  });

  it('respects field directions: one-way fields flow one way only and never conflict', () => {
    const oneWay: MergeInput['fields'] = [
      { field: 'phone', direction: 'toXero' },
      { field: 'city', direction: 'toVtiger' },
      { field: 'email', direction: 'toXero' },
    ];
    const r = threeWayMerge({
      fields: oneWay,
      vtiger: { ...base, phone: 'V1', city: 'V2', email: 'v@x' },
      xero: { ...base, phone: 'X1', city: 'X2' },
      base: { vtiger: base, xero: base },
      policy: 'hold',
    });
    expect(r.held).toEqual([]);
    expect(r.toXero).toEqual([
      { field: 'phone', from: 'X1', to: 'V1' },
      { field: 'email', from: 'a@x.example', to: 'v@x' },
    ]);
    expect(r.toVtiger).toEqual([{ field: 'city', from: 'V2', to: 'X2' }]);
  });

  it('compares each side with its own snapshot, so a lossy value does not ping-pong', () => {
    const r = threeWayMerge({
      fields: [{ field: 'pobox', direction: 'both' }],
      vtiger: { pobox: '12' },
      xero: { pobox: 'PO Box 12' },
      base: { vtiger: { pobox: '12' }, xero: { pobox: 'PO Box 12' } },
      policy: 'hold',
    });
    expect([r.toXero, r.toVtiger, r.held]).toEqual([[], [], []]);
  });

  it('without snapshots (first link) every differing field is a conflict for the policy', () => {
    const r = threeWayMerge({ fields, vtiger: base, xero: { ...base, city: 'Other' }, policy: 'xero_wins' });
    expect(r.toVtiger).toEqual([{ field: 'city', from: 'Springfield', to: 'Other' }]);
    expect(r.resolved[0]).toMatchObject({ field: 'city', winner: 'xero' });
    expect(r.resolved[0]?.base).toBeUndefined();
    const held = threeWayMerge({ fields, vtiger: base, xero: { ...base, city: 'Other' }, policy: 'hold' });
    expect(held.held.map((c) => c.field)).toEqual(['city']);
  });

  it('a field newly added to the mapping (no snapshot value) follows the policy', () => {
    const r = threeWayMerge({
      fields: [...fields, { field: 'fax', direction: 'both' }],
      vtiger: { ...base, fax: '1' },
      xero: { ...base, fax: '2' },
      base: { vtiger: base, xero: base },
      policy: 'vtiger_wins',
    });
    expect(r.toXero).toEqual([{ field: 'fax', from: '2', to: '1' }]);
  });
});
