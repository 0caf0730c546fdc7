import type { Item } from 'xero-node';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELD_MAPPINGS } from '../mapping/defaultMappings.js';
import { hashVtigerRecord, hashXeroObject } from '../mapping/sides.js';
import type { VtigerFieldInfo } from '../mapping/vtigerFields.js';
import { contentHash } from '../values/contentHash.js';
import type { SyncValues } from '../types.js';
import { linkStateAfter, planRecord, policyForChoice, type PlanInput, type PlanLink, type PlanSettings } from './planRecord.js';

const products = DEFAULT_FIELD_MAPPINGS.products;
const ctx = { recordLabel: 'Widget A (PRO1)', fieldLabels: { productcode: 'Part Number', productname: 'Product Name' } };
const settings: PlanSettings = { direction: 'both', conflictPolicy: 'hold', archiveInXeroOnVtigerDelete: true };
const WIDGET = { productcode: 'WID-001', productname: 'Widget A', description: 'Small', unit_price: '19.99000000', purchase_cost: '5.00000000' };
const vtigerFields: VtigerFieldInfo[] = [
  { name: 'productname', label: 'Product Name', dataType: 'string', uitype: 2, mandatory: true, readOnly: false, isCustom: false, maximumLength: 10, picklistValues: [] },
];

function vside(record: Record<string, string | null>, extra: Partial<NonNullable<PlanInput['vtiger']>> = {}): NonNullable<PlanInput['vtiger']> {
  const { values, hash } = hashVtigerRecord('item', products, record, ctx);
  return { crmid: 10, values, hash, selected: true, ...extra };
}

function xside(item: Item, extra: Partial<NonNullable<PlanInput['xero']>> = {}): NonNullable<PlanInput['xero']> {
  const { values, hash } = hashXeroObject('item', products, item, ctx);
  return { xeroId: 'item-1', values, hash, archived: false, ...extra };
}

const XERO_WIDGET = { itemID: 'item-1', code: 'WID-001', name: 'Widget A', description: 'Small', salesDetails: { unitPrice: 19.99 }, purchaseDetails: { unitPrice: 5 } };

function linkOf(v: SyncValues, x: SyncValues, extra: Partial<PlanLink> = {}): PlanLink {
  return { vtigerHash: contentHash(v), xeroHash: contentHash(x), vtigerSnapshot: v, xeroSnapshot: x, state: 'active', ...extra };
}

function plan(input: Partial<PlanInput<'item'>>) {
  return planRecord<'item'>({ pair: 'products', kind: 'item', fields: products, settings, ctx, vtigerFields, ...input });
}

describe('planRecord: records without a link', () => {
  it('creates in Xero a selected Vtiger record', () => {
    const p = plan({ vtiger: vside(WIDGET) });
    expect(p.action).toBe('createInXero');
    if (p.action !== 'createInXero') return;
    expect(p.xeroObject).toMatchObject({ code: 'WID-001', name: 'Widget A', salesDetails: { unitPrice: 19.99 } });
    expect(p.next.xero).toEqual(p.next.vtiger);
  });

  it('an empty Part Number is an invalid record naming the record and field, not a create', () => {
    const p = plan({ vtiger: vside({ ...WIDGET, productcode: '' }) });
    expect(p).toEqual({ action: 'invalid', reasons: [{ key: 'sync.invalid.requiredForXero', params: { record: 'Widget A (PRO1)', field: 'Part Number', xeroField: 'Item Code' } }] });
  });

  it('skips records that are not selected, or when the direction excludes Xero', () => {
    expect(plan({ vtiger: vside(WIDGET, { selected: false }) })).toMatchObject({ action: 'skip', why: 'notSelected', reason: { key: 'sync.skip.notSelected' } });
    expect(plan({ vtiger: vside(WIDGET), settings: { ...settings, direction: 'toVtiger' } })).toMatchObject({ action: 'skip', why: 'direction' });
  });

  it('creates in Vtiger a Xero record, fitted to Vtiger columns', () => {
    const p = plan({ xero: xside({ ...XERO_WIDGET, name: 'Widget A extra long' }) });
    expect(p.action).toBe('createInVtiger');
    if (p.action !== 'createInVtiger') return;
    expect(p.element).toEqual({ productcode: 'WID-001', productname: 'Widget A e', description: 'Small', unit_price: '19.99', purchase_cost: '5' });
    expect(p.adjustments.map((a) => a.key)).toEqual(['sync.adjust.truncated']);
  });

  it('refuses a Xero record with characters Vtiger cannot store (emoji), naming the field, instead of replacing them', () => {
    const p = plan({ xero: xside({ ...XERO_WIDGET, name: 'Widget 😀' }) });
    expect(p).toEqual({ action: 'invalid', reasons: [{ key: 'sync.invalid.unsupportedCharacters', params: { record: 'Widget A (PRO1)', field: 'Product Name' } }] });
  });

  it('refuses to create in Vtiger without a value Vtiger requires', () => {
    const p = plan({ xero: xside({ ...XERO_WIDGET, name: '' }) });
    expect(p).toEqual({ action: 'invalid', reasons: [{ key: 'sync.invalid.requiredForVtiger', params: { record: 'Widget A (PRO1)', field: 'Product Name' } }] });
  });

  it('does not import archived Xero records', () => {
    expect(plan({ xero: xside(XERO_WIDGET, { archived: true }) })).toMatchObject({ action: 'skip', why: 'xeroArchived' });
  });

  it('a matched pair on first sync never writes Vtiger: Vtiger\'s values go to Xero whatever the policy (issue 10)', () => {
    const vtiger = vside(WIDGET);
    const xero = xside({ ...XERO_WIDGET, salesDetails: { unitPrice: 21 } });
    for (const conflictPolicy of ['hold', 'xero_wins', 'most_recent', 'vtiger_wins'] as const) {
      const planned = plan({ vtiger, xero: { ...xero, updatedAt: Date.now() + 60_000 }, settings: { ...settings, conflictPolicy } });
      expect(planned, conflictPolicy).toMatchObject({ action: 'updateXero', changes: [{ field: 'unit_price', from: '21', to: '19.99' }] });
    }
    const same = plan({ vtiger, xero: xside(XERO_WIDGET) });
    expect(same).toMatchObject({ action: 'skip', why: 'unchanged' });
    if (same.action === 'skip') expect(same.refresh).toBeDefined();
  });
});

describe('planRecord: linked records', () => {
  const v = vside(WIDGET);
  const x = xside(XERO_WIDGET);
  const link = linkOf(v.values, x.values, { vtigerModifiedAt: 1000, xeroUpdatedAt: 1000 });

  it('skips unchanged records', () => {
    expect(plan({ vtiger: v, xero: x, link })).toMatchObject({ action: 'skip', why: 'unchanged', reason: { key: 'sync.skip.unchanged' } });
  });

  it('suppresses the echo of our own write: touched since, same hash', () => {
    expect(plan({ vtiger: v, xero: { ...x, updatedAt: 5000 }, link })).toMatchObject({ action: 'skip', why: 'echo', reason: { key: 'sync.skip.echo' } });
    expect(plan({ vtiger: { ...v, modifiedAt: 5000 }, link })).toMatchObject({ action: 'skip', why: 'echo' });
  });

  it('a Vtiger edit updates Xero, with the Xero side read or taken from the snapshot', () => {
    const edited = vside({ ...WIDGET, unit_price: '24.50000000' });
    for (const xero of [x, undefined]) {
      const p = plan({ vtiger: edited, ...(xero ? { xero } : {}), link });
      expect(p).toMatchObject({ action: 'updateXero', changes: [{ field: 'unit_price', from: '19.99', to: '24.5' }] });
      if (p.action === 'updateXero') {
        expect(p.xeroObject.salesDetails?.unitPrice).toBe(24.5);
        expect(p.next.xero['unit_price']).toBe('24.5');
      }
    }
  });

  it('a Xero edit updates Vtiger with only the changed fields', () => {
    const p = plan({ xero: xside({ ...XERO_WIDGET, description: 'Small, blue' }), link });
    expect(p).toMatchObject({ action: 'updateVtiger', element: { description: 'Small, blue' }, changes: [{ field: 'description', from: 'Small', to: 'Small, blue' }] });
  });

  it('edits of different fields on both sides update both', () => {
    const p = plan({ vtiger: vside({ ...WIDGET, unit_price: '24.5' }), xero: xside({ ...XERO_WIDGET, description: 'Blue' }), link });
    expect(p).toMatchObject({ action: 'updateBoth', xeroChanges: [{ field: 'unit_price' }], vtigerChanges: [{ field: 'description' }], element: { description: 'Blue' } });
  });

  it('the same field edited on both sides follows each policy', () => {
    const vtiger = vside({ ...WIDGET, productname: 'Widget V' }, { modifiedAt: 3000 });
    const xero = xside({ ...XERO_WIDGET, name: 'Widget X' }, { updatedAt: 2000 });
    const run = (conflictPolicy: PlanSettings['conflictPolicy']) => plan({ vtiger, xero, link, settings: { ...settings, conflictPolicy } });
    expect(run('vtiger_wins')).toMatchObject({ action: 'updateXero', changes: [{ field: 'productname', to: 'Widget V' }], resolved: [{ winner: 'vtiger' }] });
    expect(run('xero_wins')).toMatchObject({ action: 'updateVtiger', element: { productname: 'Widget X' }, resolved: [{ winner: 'xero' }] });
    expect(run('most_recent')).toMatchObject({ action: 'updateXero', resolved: [{ winner: 'vtiger' }] });
    const held = run('hold');
    expect(held).toEqual({
      action: 'conflictHeld',
      conflicts: [{ field: 'productname', base: { vtiger: 'Widget A', xero: 'Widget A' }, vtiger: 'Widget V', xero: 'Widget X' }],
      reason: { key: 'sync.conflict.held', params: { record: 'Widget A (PRO1)', fields: 'Product Name' } },
    });
    expect(linkStateAfter(held)).toBeUndefined();
    // Resolving later: re-plan with the chosen side.
    expect(plan({ vtiger, xero, link, settings: { ...settings, conflictPolicy: policyForChoice('xero') } })).toMatchObject({ action: 'updateVtiger' });
  });

  it('an empty Part Number blocks a Xero update with an invalid outcome', () => {
    expect(plan({ vtiger: vside({ ...WIDGET, productcode: '' }), link })).toMatchObject({ action: 'invalid', reasons: [{ key: 'sync.invalid.requiredForXero' }] });
  });

  it('a Vtiger delete archives in Xero when the setting says so, otherwise it is left alone', () => {
    expect(plan({ vtiger: { ...v, deleted: true }, link })).toEqual({ action: 'archiveInXero' });
    expect(plan({ vtiger: { ...v, deleted: true }, link, settings: { ...settings, archiveInXeroOnVtigerDelete: false } })).toMatchObject({ action: 'skip', why: 'vtigerDeleted' });
    expect(plan({ vtiger: { ...v, deleted: true }, link: { ...link, state: 'vtigerDeleted' } })).toMatchObject({ action: 'skip', why: 'vtigerDeleted' });
    expect(linkStateAfter({ action: 'archiveInXero' })).toBe('vtigerDeleted');
  });

  it('a Xero archive marks the Vtiger record once, never deletes it', () => {
    expect(plan({ xero: { ...x, archived: true }, link })).toEqual({ action: 'markVtigerArchived' });
    expect(plan({ xero: { ...x, archived: true }, link: { ...link, state: 'xeroArchived' } })).toMatchObject({ action: 'skip', why: 'xeroArchived' });
    expect(plan({ xero: { ...x, archived: true }, link, settings: { ...settings, direction: 'toXero' } })).toMatchObject({ action: 'skip', why: 'direction' });
    expect(linkStateAfter({ action: 'markVtigerArchived' })).toBe('xeroArchived');
  });

  it('module direction toXero ignores Xero edits', () => {
    const p = plan({ xero: xside({ ...XERO_WIDGET, description: 'Xero text' }), link, settings: { ...settings, direction: 'toXero' } });
    expect(p).toMatchObject({ action: 'skip', why: 'unchanged' });
  });

  it('a person whose organization is not linked yet waits', () => {
    const p = planRecord({
      pair: 'contacts',
      kind: 'person',
      fields: [{ vtigerField: 'lastname', xeroField: 'lastName', direction: 'both' }],
      settings,
      ctx,
      vtiger: { crmid: 5, values: { lastname: 'Smith' }, hash: 'h', selected: true },
      person: { organizationLinked: false, organizationLabel: 'Acme Corporation' },
    });
    expect(p).toMatchObject({ action: 'skip', why: 'organizationNotLinked', reason: { params: { organization: 'Acme Corporation' } } });
  });
});
