import type { FieldChange, FieldConflict, ResolvedConflict } from '../merge/threeWayMerge.js';
import type { RecordPlan } from '../plan/planRecord.js';
import { reason, type SyncReason } from '../types.js';
import { TO_VTIGER, TO_XERO, type LogLine, type RecordOutcome } from './outcomes.js';
import type { PairSetup } from './pairSetup.js';
import type { PlannedItem } from './workItem.js';

/** The XTLog lines of each kind of outcome, with reasons in i18n keys (translated when written). */
function label(setup: PairSetup, field: string): string {
  return setup.labels[field] ?? field;
}

export function changedFields(setup: PairSetup, changes: readonly FieldChange[]): string {
  return changes.map((c) => label(setup, c.field)).join(', ');
}

export function resolvedReasons(setup: PairSetup, resolved: readonly ResolvedConflict[]): SyncReason[] {
  return resolved.map((r) =>
    reason('sync.done.resolved', {
      field: label(setup, r.field),
      vtiger: r.vtiger ?? '',
      xero: r.xero ?? '',
      winner: r.winner === 'vtiger' ? 'Vtiger' : 'Xero',
      policy: setup.settings.conflictPolicy,
    }),
  );
}

export function conflictReasons(setup: PairSetup, conflicts: readonly FieldConflict[]): SyncReason[] {
  return conflicts.map((c) => reason('sync.conflict.values', { field: label(setup, c.field), vtiger: c.vtiger ?? '', xero: c.xero ?? '' }));
}

export function successLines(setup: PairSetup, planned: PlannedItem, plan: RecordPlan): LogLine[] {
  const record = planned.label;
  switch (plan.action) {
    case 'createInXero':
      return [{ direction: TO_XERO, action: 'Create', status: 'Success', reasons: [reason('sync.done.createdInXero', { record })] }];
    case 'updateXero':
      return [{ direction: TO_XERO, action: 'Update', status: 'Success', reasons: [...matched(planned), reason('sync.done.updatedInXero', { record, fields: changedFields(setup, plan.changes) }), ...resolvedReasons(setup, plan.resolved)] }];
    case 'createInVtiger':
      return [{ direction: TO_VTIGER, action: 'Create', status: 'Success', reasons: [reason('sync.done.createdInVtiger', { record }), ...plan.adjustments] }];
    case 'updateVtiger':
      return [
        {
          direction: TO_VTIGER,
          action: 'Update',
          status: 'Success',
          reasons: [...matched(planned), reason('sync.done.updatedInVtiger', { record, fields: changedFields(setup, plan.changes) }), ...plan.adjustments, ...resolvedReasons(setup, plan.resolved)],
        },
      ];
    case 'updateBoth':
      return [
        { direction: TO_XERO, action: 'Update', status: 'Success', reasons: [...matched(planned), reason('sync.done.updatedInXero', { record, fields: changedFields(setup, plan.xeroChanges) }), ...resolvedReasons(setup, plan.resolved)] },
        { direction: TO_VTIGER, action: 'Update', status: 'Success', reasons: [reason('sync.done.updatedInVtiger', { record, fields: changedFields(setup, plan.vtigerChanges) }), ...plan.adjustments] },
      ];
    case 'archiveInXero':
      return [{ direction: TO_XERO, action: 'Delete', status: 'Success', reasons: [reason('sync.done.archivedInXero', { record })] }];
    case 'markVtigerArchived':
      return [{ direction: TO_VTIGER, action: 'Delete', status: 'Success', reasons: [reason('sync.done.markedArchived', { record })] }];
    default:
      return [];
  }
}

function matched(planned: PlannedItem): SyncReason[] {
  return planned.item.matchedBy && !planned.item.link ? [reason('sync.done.linked', { record: planned.label, by: planned.item.matchedBy })] : [];
}

/** The direction a failure or skip is logged under: the side the change came from. */
export function directionOf(planned: PlannedItem): LogLine['direction'] {
  if (planned.plan.action === 'updateVtiger' || planned.plan.action === 'createInVtiger') return TO_VTIGER;
  return planned.item.row ? TO_XERO : TO_VTIGER;
}

export function actionOf(planned: PlannedItem): LogLine['action'] {
  return planned.item.link ? 'Update' : 'Create';
}

/**
 * A record that failed. By default the queue retries it (a cause that may pass: Vtiger or Xero unreachable, a
 * batch timing out); `needsAction` when the cause is in its own data (a field Xero or Vtiger refuses): then it is
 * not retried, and goes again when it is edited.
 */
export function failed(setup: PairSetup, planned: PlannedItem, reasons: SyncReason[], detail?: string, options: { needsAction?: boolean } = {}): RecordOutcome {
  const direction = directionOf(planned);
  const main = reasons[0] ?? { key: 'sync.failed.record' as const, params: { record: planned.label, message: detail ?? '' } };
  const field = main.params['field'];
  const outcome = {
    pair: setup.pair,
    crmid: planned.item.crmid ?? null,
    xeroId: planned.xeroId ?? null,
    kind: 'failed' as const,
    action: planned.plan.action,
    logs: [{ direction, action: actionOf(planned), status: 'Failed' as const, reasons, ...(detail ? { detail } : {}) }],
    ...(planned.item.crmid !== undefined ? { block: { status: 'Failed' as const } } : {}),
  };
  return options.needsAction
    ? { ...outcome, queue: { needsAction: true, direction }, wait: { cause: 'needsAction', ref: field !== undefined ? String(field) : null, reason: main } }
    : { ...outcome, queue: { failed: true, direction, error: '' }, wait: { cause: 'retry', ref: null, reason: main } };
}
