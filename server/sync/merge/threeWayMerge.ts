import { allowsToVtiger, allowsToXero, type ConflictPolicy, type FieldDirection, type SyncValues } from '../types.js';

/**
 * Field-level three-way merge of one linked record. Each side is compared with its own snapshot from the last
 * sync (per side, because a lossy transform may leave the two sides holding slightly different text for the
 * same content). A field changed on one side flows to the other if the field's direction allows it; a field
 * changed on both sides to different values follows the policy; fields both sides changed to the same value
 * need nothing. A field without a snapshot (first link of a matched record, or a newly mapped field) counts as
 * changed on both sides.
 */
export interface MergeField {
  field: string;
  /** The field's direction narrowed by the module's direction. */
  direction: FieldDirection;
}

export interface MergeInput {
  fields: readonly MergeField[];
  vtiger: SyncValues;
  xero: SyncValues;
  /** The snapshots of the last sync; undefined before the first. */
  base?: { vtiger: SyncValues; xero: SyncValues };
  policy: ConflictPolicy;
  /** Milliseconds since the epoch of the sides' last modification (Vtiger modifiedtime, Xero UpdatedDateUTC), for `most_recent`. */
  vtigerModifiedAt?: number;
  xeroModifiedAt?: number;
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface FieldConflict {
  field: string;
  /** What each side held at the last sync (undefined: never synced). */
  base?: { vtiger: string | null; xero: string | null };
  vtiger: string | null;
  xero: string | null;
}

export type Side = 'vtiger' | 'xero';

export interface ResolvedConflict extends FieldConflict {
  winner: Side;
}

export interface MergeResult {
  /** Writes to Xero: `from` is Xero's current value. */
  toXero: FieldChange[];
  /** Writes to Vtiger: `from` is Vtiger's current value. */
  toVtiger: FieldChange[];
  /** Both-sides changes the policy did not decide (`hold`, or `most_recent` without both times). */
  held: FieldConflict[];
  resolved: ResolvedConflict[];
  /** Each side as it will be once the writes are done: the next snapshots. */
  nextVtiger: SyncValues;
  nextXero: SyncValues;
}

function val(values: SyncValues, field: string): string | null {
  return values[field] ?? null;
}

function changed(current: SyncValues, base: SyncValues | undefined, field: string): boolean {
  if (!base || !(field in base)) return true;
  return val(current, field) !== val(base, field);
}

function decide(policy: ConflictPolicy, input: MergeInput): Side | undefined {
  switch (policy) {
    case 'vtiger_wins':
      return 'vtiger';
    case 'xero_wins':
      return 'xero';
    case 'hold':
      return undefined;
    case 'most_recent': {
      const v = input.vtigerModifiedAt;
      const x = input.xeroModifiedAt;
      if (v === undefined || x === undefined || !Number.isFinite(v) || !Number.isFinite(x)) return undefined;
      return x > v ? 'xero' : 'vtiger';
    }
  }
}

export function threeWayMerge(input: MergeInput): MergeResult {
  const result: MergeResult = { toXero: [], toVtiger: [], held: [], resolved: [], nextVtiger: { ...input.vtiger }, nextXero: { ...input.xero } };
  const winnerByPolicy = decide(input.policy, input);
  const push = (side: Side, field: string): void => {
    if (side === 'xero') {
      const to = val(input.vtiger, field);
      result.toXero.push({ field, from: val(input.xero, field), to });
      result.nextXero[field] = to;
    } else {
      const to = val(input.xero, field);
      result.toVtiger.push({ field, from: val(input.vtiger, field), to });
      result.nextVtiger[field] = to;
    }
  };

  for (const { field, direction } of input.fields) {
    const v = val(input.vtiger, field);
    const x = val(input.xero, field);
    const vChanged = changed(input.vtiger, input.base?.vtiger, field);
    const xChanged = changed(input.xero, input.base?.xero, field);
    const canToXero = allowsToXero(direction);
    const canToVtiger = allowsToVtiger(direction);
    if (v === x || (!vChanged && !xChanged)) continue;
    if (vChanged && !xChanged) {
      if (canToXero) push('xero', field);
      continue;
    }
    if (!vChanged && xChanged) {
      if (canToVtiger) push('vtiger', field);
      continue;
    }
    // Changed on both sides, to different values. A one-way field has only one possible winner.
    const conflict: FieldConflict = {
      field,
      ...(input.base && field in input.base.vtiger ? { base: { vtiger: val(input.base.vtiger, field), xero: val(input.base.xero, field) } } : {}),
      vtiger: v,
      xero: x,
    };
    const winner: Side | undefined = canToXero && canToVtiger ? winnerByPolicy : canToXero ? 'vtiger' : canToVtiger ? 'xero' : undefined;
    if (!canToXero && !canToVtiger) continue;
    if (winner === undefined) {
      result.held.push(conflict);
      continue;
    }
    result.resolved.push({ ...conflict, winner });
    push(winner === 'vtiger' ? 'xero' : 'vtiger', field);
  }
  return result;
}
