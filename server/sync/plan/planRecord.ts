import {
  allowsToVtiger,
  allowsToXero,
  combineDirections,
  PAIR_MODULE,
  reason,
  type ConflictPolicy,
  type SyncDirection,
  type SyncPair,
  type SyncReason,
  type SyncValues,
  type VtigerRecord,
  type XeroKind,
} from '../types.js';
import type { FieldMapping } from '../mapping/fieldMapping.js';
import { fitForVtiger } from '../mapping/fitForVtiger.js';
import { buildXeroObject, type MapperContext } from '../mapping/project.js';
import type { VtigerFieldInfo } from '../mapping/vtigerFields.js';
import type { XeroObject } from '../mapping/xeroObjects.js';
import type { DatesAsStrings } from '../../xero/api/xeroDates.js';
import { threeWayMerge, type FieldChange, type FieldConflict, type MergeField, type ResolvedConflict, type Side } from '../merge/threeWayMerge.js';

/**
 * The planner: one pure decision per record, from both sides' sync values and hashes, the link's snapshots and
 * the module's settings. The orchestrator executes plans; nothing here reads or writes anything.
 * Outcomes are values with i18n reasons, never exceptions.
 */
export interface PlanVtigerSide {
  crmid: number;
  values: SyncValues;
  hash: string;
  /** Vtiger modifiedtime, ms since the epoch. */
  modifiedAt?: number;
  /** Deleted in Vtiger (vtiger_crmentity.deleted = 1). */
  deleted?: boolean;
  /** Chosen by the module's selection (all / Allow XTiger Sync / status / ids). */
  selected: boolean;
}

export interface PlanXeroSide {
  xeroId: string;
  values: SyncValues;
  hash: string;
  /** Xero UpdatedDateUTC, ms since the epoch. */
  updatedAt?: number;
  archived: boolean;
}

/** What the link remembers of the last sync (see links/linksRepository.ts). */
export interface PlanLink {
  vtigerHash: string;
  xeroHash: string;
  vtigerSnapshot: SyncValues;
  xeroSnapshot: SyncValues;
  vtigerModifiedAt?: number;
  xeroUpdatedAt?: number;
  state: LinkState;
}

export const LINK_STATES = ['active', 'xeroArchived', 'vtigerDeleted'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export interface PlanSettings {
  direction: SyncDirection;
  conflictPolicy: ConflictPolicy;
  /** A Vtiger delete archives the Xero record (otherwise the Xero record is left alone). */
  archiveInXeroOnVtigerDelete: boolean;
}

export interface PlanInput<K extends XeroKind = XeroKind> {
  pair: SyncPair;
  kind: K;
  fields: readonly FieldMapping[];
  settings: PlanSettings;
  ctx: MapperContext;
  /** Vtiger fields of the module, to fit values into Vtiger's columns before a write. */
  vtigerFields?: readonly VtigerFieldInfo[];
  /** Absent: not read this run (a linked side not read counts as unchanged: its snapshot stands in). */
  vtiger?: PlanVtigerSide;
  xero?: PlanXeroSide;
  link?: PlanLink;
  /** The Xero object as Xero holds it, so phones/addresses the mapping does not name survive an update. */
  xeroBase?: XeroObject<K> | DatesAsStrings<XeroObject<K>>;
  /** For a Contact shown as a ContactPerson: whether its organization is linked to a Xero contact yet. */
  person?: { organizationLinked: boolean; organizationLabel: string };
}

interface NextSnapshots {
  vtiger: SyncValues;
  xero: SyncValues;
}

export type SkipWhy = 'unchanged' | 'echo' | 'notSelected' | 'direction' | 'vtigerDeleted' | 'xeroArchived' | 'organizationNotLinked';

export type RecordPlan<K extends XeroKind = XeroKind> =
  | { action: 'createInXero'; xeroObject: XeroObject<K>; next: NextSnapshots }
  | { action: 'updateXero'; changes: FieldChange[]; resolved: ResolvedConflict[]; xeroObject: XeroObject<K>; next: NextSnapshots }
  | { action: 'createInVtiger'; element: VtigerRecord; adjustments: SyncReason[]; next: NextSnapshots }
  | { action: 'updateVtiger'; changes: FieldChange[]; resolved: ResolvedConflict[]; element: VtigerRecord; adjustments: SyncReason[]; next: NextSnapshots }
  | {
      action: 'updateBoth';
      xeroChanges: FieldChange[];
      vtigerChanges: FieldChange[];
      resolved: ResolvedConflict[];
      xeroObject: XeroObject<K>;
      element: VtigerRecord;
      adjustments: SyncReason[];
      next: NextSnapshots;
    }
  | { action: 'archiveInXero' }
  | { action: 'markVtigerArchived' }
  | { action: 'skip'; why: SkipWhy; reason: SyncReason; /** New snapshots to store although nothing is written. */ refresh?: NextSnapshots }
  | { action: 'invalid'; reasons: SyncReason[] }
  | { action: 'conflictHeld'; conflicts: FieldConflict[]; reason: SyncReason };

/** The link state to store after a plan is carried out. */
export function linkStateAfter(plan: RecordPlan): LinkState | undefined {
  if (plan.action === 'archiveInXero') return 'vtigerDeleted';
  if (plan.action === 'markVtigerArchived') return 'xeroArchived';
  if (plan.action === 'invalid' || plan.action === 'conflictHeld') return undefined;
  if (plan.action === 'skip') return plan.why === 'unchanged' || plan.why === 'echo' ? 'active' : undefined;
  return 'active';
}

/** Re-planning a held conflict with the side the user chose. */
export function policyForChoice(side: Side): ConflictPolicy {
  return side === 'vtiger' ? 'vtiger_wins' : 'xero_wins';
}

function mergeFields(input: PlanInput): MergeField[] {
  const out: MergeField[] = [];
  for (const fm of input.fields) {
    const direction = combineDirections(input.settings.direction, fm.direction);
    if (direction) out.push({ field: fm.vtigerField, direction });
  }
  return out;
}

function skip(why: SkipWhy, input: PlanInput, refresh?: NextSnapshots): RecordPlan {
  const record = input.ctx.recordLabel;
  const module = PAIR_MODULE[input.pair];
  const keys = {
    unchanged: reason('sync.skip.unchanged'),
    echo: reason('sync.skip.echo'),
    notSelected: reason('sync.skip.notSelected', { record, module }),
    direction: reason('sync.skip.directionExcludes', { record, module, side: input.xero && !input.vtiger ? 'Xero' : input.vtiger && !input.xero ? 'Vtiger' : 'Vtiger/Xero' }),
    vtigerDeleted: reason('sync.skip.vtigerDeleted', { record }),
    xeroArchived: reason('sync.skip.xeroArchived', { record }),
    organizationNotLinked: reason('sync.skip.organizationNotLinked', { record, organization: input.person?.organizationLabel ?? '' }),
  } satisfies Record<SkipWhy, SyncReason>;
  return refresh ? { action: 'skip', why, reason: keys[why], refresh } : { action: 'skip', why, reason: keys[why] };
}

/** Only the fields a direction carries; the rest are unknown to that side. */
function onlyFields(values: SyncValues, fields: readonly MergeField[], carries: (d: SyncDirection) => boolean): SyncValues {
  const out: SyncValues = {};
  for (const f of fields) out[f.field] = carries(f.direction) ? (values[f.field] ?? null) : null;
  return out;
}

function forXero<K extends XeroKind>(input: PlanInput<K>, values: SyncValues): { object: XeroObject<K>; issues: SyncReason[] } {
  const built = buildXeroObject(input.kind, input.fields, values, input.ctx, input.xeroBase);
  return { object: built.object, issues: built.issues };
}

function forVtiger(input: PlanInput, values: SyncValues): { element: VtigerRecord; values: SyncValues; adjustments: SyncReason[]; problems: SyncReason[] } {
  const fitted = fitForVtiger(values, input.vtigerFields ?? [], input.ctx);
  const element: VtigerRecord = {};
  for (const [k, v] of Object.entries(fitted.values)) element[k] = v ?? '';
  return { element, values: fitted.values, adjustments: fitted.adjustments, problems: fitted.problems };
}

function planFirstSide<K extends XeroKind>(input: PlanInput<K>, fields: MergeField[]): RecordPlan<K> {
  const { vtiger, xero, settings } = input;
  if (vtiger && !xero) {
    if (vtiger.deleted) return skip('vtigerDeleted', input) as RecordPlan<K>;
    if (!vtiger.selected) return skip('notSelected', input) as RecordPlan<K>;
    if (!allowsToXero(settings.direction)) return skip('direction', input) as RecordPlan<K>;
    if (input.kind === 'person' && input.person && !input.person.organizationLinked) return skip('organizationNotLinked', input) as RecordPlan<K>;
    const toXero = fields.filter((f) => allowsToXero(f.direction));
    const built = forXero(input, vtiger.values);
    if (built.issues.length > 0) return { action: 'invalid', reasons: built.issues };
    return { action: 'createInXero', xeroObject: built.object, next: { vtiger: vtiger.values, xero: onlyFields(vtiger.values, toXero, allowsToXero) } };
  }
  if (xero && !vtiger) {
    if (xero.archived) return skip('xeroArchived', input) as RecordPlan<K>;
    if (!allowsToVtiger(settings.direction)) return skip('direction', input) as RecordPlan<K>;
    const toVtiger = fields.filter((f) => allowsToVtiger(f.direction));
    const fitted = forVtiger(input, onlyFields(xero.values, toVtiger, allowsToVtiger));
    const element = Object.fromEntries(toVtiger.map((f) => [f.field, fitted.element[f.field] ?? '']));
    if (fitted.problems.length > 0) return { action: 'invalid', reasons: fitted.problems };
    return { action: 'createInVtiger', element, adjustments: fitted.adjustments, next: { vtiger: fitted.values, xero: xero.values } };
  }
  throw new Error('planRecord needs a Vtiger side, a Xero side, or both');
}

/** Decides what to do with one record. */
export function planRecord<K extends XeroKind>(input: PlanInput<K>): RecordPlan<K> {
  const { link, settings } = input;
  const fields = mergeFields(input);
  if (!link && (!input.vtiger || !input.xero)) return planFirstSide(input, fields);

  const vtiger = input.vtiger;
  const xero = input.xero;
  if (vtiger?.deleted) {
    const canArchive = settings.archiveInXeroOnVtigerDelete && allowsToXero(settings.direction) && link !== undefined && link.state !== 'vtigerDeleted' && !xero?.archived;
    return canArchive ? { action: 'archiveInXero' } : (skip('vtigerDeleted', input) as RecordPlan<K>);
  }
  if (vtiger && !vtiger.selected) return skip('notSelected', input) as RecordPlan<K>;
  if (xero?.archived) {
    if (!link || link.state === 'xeroArchived') return skip('xeroArchived', input) as RecordPlan<K>;
    return allowsToVtiger(settings.direction) ? { action: 'markVtigerArchived' } : (skip('direction', input) as RecordPlan<K>);
  }

  // Linked, or matched on first sync (both sides, no link).
  const vValues = vtiger?.values ?? link?.vtigerSnapshot ?? {};
  const xValues = xero?.values ?? link?.xeroSnapshot ?? {};
  const restored = link?.state === 'xeroArchived';
  if (link && !restored) {
    const vSame = !vtiger || vtiger.hash === link.vtigerHash;
    const xSame = !xero || xero.hash === link.xeroHash;
    if (vSame && xSame) {
      const touched =
        (vtiger?.modifiedAt !== undefined && link.vtigerModifiedAt !== undefined && vtiger.modifiedAt > link.vtigerModifiedAt) ||
        (xero?.updatedAt !== undefined && link.xeroUpdatedAt !== undefined && xero.updatedAt > link.xeroUpdatedAt);
      return skip(touched ? 'echo' : 'unchanged', input) as RecordPlan<K>;
    }
  }

  // Matched on first sync (no link yet): XTiger cannot prove the Xero record's values belong to this Vtiger record
  // (two products once merged onto one Xero item look exactly like a match), so nothing flows into Vtiger until
  // the link exists. Vtiger's values go to Xero; a field empty in Vtiger keeps Xero's value.
  const merge = threeWayMerge({
    fields,
    vtiger: vValues,
    xero: xValues,
    base: link ? { vtiger: link.vtigerSnapshot, xero: link.xeroSnapshot } : { vtiger: {}, xero: xValues },
    policy: settings.conflictPolicy,
    ...(vtiger?.modifiedAt !== undefined ? { vtigerModifiedAt: vtiger.modifiedAt } : {}),
    ...(xero?.updatedAt !== undefined ? { xeroModifiedAt: xero.updatedAt } : {}),
  });
  if (merge.held.length > 0) {
    return {
      action: 'conflictHeld',
      conflicts: merge.held,
      reason: reason('sync.conflict.held', { record: input.ctx.recordLabel, fields: merge.held.map((c) => input.ctx.fieldLabels?.[c.field] ?? c.field).join(', ') }),
    };
  }
  const next: NextSnapshots = { vtiger: merge.nextVtiger, xero: merge.nextXero };
  const toXero = merge.toXero.length > 0;
  const toVtiger = merge.toVtiger.length > 0;
  if (!toXero && !toVtiger) {
    const anySideChanged = !link || vtiger?.hash !== link.vtigerHash || xero?.hash !== link.xeroHash || restored;
    return skip('unchanged', input, anySideChanged ? next : undefined) as RecordPlan<K>;
  }

  let xeroObject: XeroObject<K> | undefined;
  if (toXero) {
    const built = forXero(input, merge.nextXero);
    if (built.issues.length > 0) return { action: 'invalid', reasons: built.issues };
    xeroObject = built.object;
  }
  let element: VtigerRecord = {};
  let adjustments: SyncReason[] = [];
  if (toVtiger) {
    const changedValues = Object.fromEntries(merge.toVtiger.map((c) => [c.field, c.to]));
    const fitted = forVtiger(input, changedValues);
    if (fitted.problems.length > 0) return { action: 'invalid', reasons: fitted.problems };
    element = fitted.element;
    adjustments = fitted.adjustments;
    Object.assign(next.vtiger, fitted.values);
  }
  if (xeroObject && toVtiger) {
    return { action: 'updateBoth', xeroChanges: merge.toXero, vtigerChanges: merge.toVtiger, resolved: merge.resolved, xeroObject, element, adjustments, next };
  }
  if (xeroObject) return { action: 'updateXero', changes: merge.toXero, resolved: merge.resolved, xeroObject, next };
  return { action: 'updateVtiger', changes: merge.toVtiger, resolved: merge.resolved, element, adjustments, next };
}
