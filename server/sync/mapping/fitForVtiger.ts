import { reason, type SyncReason, type SyncValues } from '../types.js';
import type { MapperContext } from './project.js';
import type { VtigerFieldInfo } from './vtigerFields.js';

/**
 * Vtiger validates nothing on save: longer text is cut silently at the column size and characters outside
 * UTF-8's 3-byte range (emoji) become "????". So before a write XTiger cuts long text itself and says so
 * (adjustments), and refuses values Vtiger needs but Xero lacks, or cannot store (problems: an empty last name,
 * emoji — replacing them would lose the user's text, so the record needs action in Xero, naming the field).
 */
export interface FittedValues {
  values: SyncValues;
  adjustments: SyncReason[];
  problems: SyncReason[];
}

const OUTSIDE_BMP = /[\u{10000}-\u{10FFFF}]/u;

export function fitForVtiger(values: SyncValues, fields: readonly VtigerFieldInfo[], ctx: MapperContext): FittedValues {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const out: SyncValues = {};
  const adjustments: SyncReason[] = [];
  const problems: SyncReason[] = [];
  for (const [name, original] of Object.entries(values)) {
    const info = byName.get(name);
    const label = info?.label ?? name;
    let value = original;
    if (value !== null && OUTSIDE_BMP.test(value)) {
      problems.push(reason('sync.invalid.unsupportedCharacters', { record: ctx.recordLabel, field: label }));
    }
    const max = info?.maximumLength;
    if (value !== null && max !== undefined && [...value].length > max) {
      value = [...value].slice(0, max).join('');
      adjustments.push(reason('sync.adjust.truncated', { record: ctx.recordLabel, field: label, max }));
    }
    if (info?.mandatory && value === null) problems.push(reason('sync.invalid.requiredForVtiger', { record: ctx.recordLabel, field: label }));
    out[name] = value;
  }
  return { values: out, adjustments, problems };
}
