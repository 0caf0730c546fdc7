import { allowsToVtiger, allowsToXero, type FieldDirection, type SyncPair } from '../types.js';
import { DEFAULT_FIELD_MAPPINGS } from './defaultMappings.js';
import { xeroKindOfPair, type FieldMapping, type PairMapping } from './fieldMapping.js';
import { isCompatible } from './validateMapping.js';
import { XERO_FIELDS, type XeroFieldSpec } from './xeroFields.js';
import type { VtigerFieldInfo } from './vtigerFields.js';

/**
 * Auto-mapping: a Xero field nobody maps yet is paired with a Vtiger field whose label reads like it
 * ("Tax Number", "Xero Tax Number", "taxNumber") and whose type can hold it. Custom fields win over standard
 * ones with the same label, because an admin who adds "Tax Number" means that one.
 */
function words(text: string): string {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^xero\s+/, '')
    .replace(/[^a-z0-9\p{L}]+/gu, ' ')
    .trim();
}

function namesOf(spec: XeroFieldSpec): Set<string> {
  const last = spec.path.split('.').pop() ?? spec.path;
  return new Set([words(spec.label), words(last)]);
}

function directionFor(spec: XeroFieldSpec, field: VtigerFieldInfo): FieldDirection | undefined {
  if (spec.readOnly && field.readOnly) return undefined;
  if (spec.readOnly) return 'toVtiger';
  if (field.readOnly) return 'toXero';
  return 'both';
}

export function autoMapFields(pair: SyncPair, vtigerFields: readonly VtigerFieldInfo[], existing: readonly FieldMapping[]): FieldMapping[] {
  const kind = xeroKindOfPair(pair);
  const usedVtiger = new Set(existing.map((fm) => fm.vtigerField));
  const usedXero = new Set(existing.map((fm) => fm.xeroField));
  // Fields that the person-name transform already fills.
  if (existing.some((fm) => fm.transform?.kind === 'personName')) usedXero.add('name');
  const added: FieldMapping[] = [];
  for (const spec of XERO_FIELDS[kind]) {
    if (usedXero.has(spec.path)) continue;
    const names = namesOf(spec);
    const candidates = vtigerFields
      .filter((f) => f.active !== false && !usedVtiger.has(f.name) && names.has(words(f.label)) && isCompatible(spec.type, f.dataType))
      .sort((a, b) => Number(b.isCustom) - Number(a.isCustom));
    const field = candidates[0];
    if (!field) continue;
    const direction = directionFor(spec, field);
    if (!direction) continue;
    added.push({ vtigerField: field.name, xeroField: spec.path, direction });
    usedVtiger.add(field.name);
    usedXero.add(spec.path);
  }
  return added;
}

/**
 * The built-in mapping of a pair (version 0): the default fields the module really has, plus auto-mapped ones.
 */
export function defaultPairMapping(pair: SyncPair, vtigerFields: readonly VtigerFieldInfo[]): PairMapping {
  const names = new Set(vtigerFields.filter((f) => f.active !== false).map((f) => f.name));
  const byName = new Map(vtigerFields.map((f) => [f.name, f]));
  const defaults = DEFAULT_FIELD_MAPPINGS[pair]
    .filter((fm) => names.has(fm.vtigerField))
    .filter((fm) => !(byName.get(fm.vtigerField)?.readOnly && allowsToVtiger(fm.direction) && !allowsToXero(fm.direction)));
  return { pair, fields: [...defaults, ...autoMapFields(pair, vtigerFields, defaults)] };
}
