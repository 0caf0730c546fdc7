import { XTigerError } from '../../errors/XTigerError.js';
import { allowsToVtiger, allowsToXero, PAIR_MODULE } from '../types.js';
import { pairMappingSchema, xeroKindOfPair, type PairMapping } from './fieldMapping.js';
import { findXeroField, type XeroValueType } from './xeroFields.js';
import type { VtigerFieldInfo } from './vtigerFields.js';

/** Vtiger data types (server/vtiger/schema FieldDataType) that can carry each kind of Xero value. */
const COMPATIBLE: Readonly<Record<XeroValueType, readonly string[]>> = {
  text: ['string', 'text', 'email', 'phone', 'url', 'picklist', 'autonumber', 'integer', 'decimal', 'currency', 'percentage', 'date'],
  multiline: ['text', 'string'],
  email: ['email', 'string'],
  url: ['url', 'string'],
  phone: ['phone', 'string'],
  money: ['currency', 'decimal', 'integer', 'percentage'],
  decimal: ['decimal', 'currency', 'integer', 'percentage'],
  boolean: ['boolean'],
  code: ['string', 'picklist'],
};

export function isCompatible(xeroType: XeroValueType, vtigerDataType: string): boolean {
  return COMPATIBLE[xeroType].includes(vtigerDataType);
}

export interface MappingProblem {
  field: string;
  message: string;
}

/** Every problem of a mapping against the module's fields; empty when it can be saved. */
export function findMappingProblems(mapping: PairMapping, vtigerFields: readonly VtigerFieldInfo[]): MappingProblem[] {
  const module = PAIR_MODULE[mapping.pair];
  const kind = xeroKindOfPair(mapping.pair);
  const byName = new Map(vtigerFields.map((f) => [f.name, f]));
  const problems: MappingProblem[] = [];
  const seenVtiger = new Set<string>();
  const seenXero = new Set<string>();
  const add = (field: string, message: string): void => void problems.push({ field, message });

  for (const fm of mapping.fields) {
    const spec = findXeroField(kind, fm.xeroField);
    const field = byName.get(fm.vtigerField);
    if (!field) add(fm.vtigerField, `${module} has no field "${fm.vtigerField}" (mapped to Xero "${fm.xeroField}").`);
    else if (field.active === false) add(fm.vtigerField, `${module} field "${field.label}" (${field.name}) is switched off in Vtiger's layout.`);
    if (!spec) add(fm.vtigerField, `Xero ${kind}s have no field "${fm.xeroField}" (mapped from ${module} field "${fm.vtigerField}").`);
    if (!field || !spec) continue;
    const names = `${module} "${field.label}" (${field.name}) ⇄ Xero "${spec.label}" (${spec.path})`;
    if (seenVtiger.has(fm.vtigerField)) add(fm.vtigerField, `${module} field "${field.label}" (${field.name}) is mapped twice.`);
    if (allowsToXero(fm.direction) && seenXero.has(fm.xeroField)) add(fm.vtigerField, `Xero field "${spec.label}" (${spec.path}) receives two Vtiger fields.`);
    seenVtiger.add(fm.vtigerField);
    if (allowsToXero(fm.direction)) seenXero.add(fm.xeroField);
    if (allowsToVtiger(fm.direction) && field.readOnly) {
      add(fm.vtigerField, `${names}: Vtiger fills "${field.label}" itself, so it cannot be written from Xero; use direction toXero.`);
    }
    if (allowsToXero(fm.direction) && spec.readOnly) {
      add(fm.vtigerField, `${names}: Xero does not accept writes to "${spec.label}"; use direction toVtiger.`);
    }
    const t = fm.transform;
    if (t?.kind === 'negate') {
      if (spec.type !== 'boolean' || field.dataType !== 'boolean') add(fm.vtigerField, `${names}: "negate" needs a checkbox on both sides.`);
    } else if (!isCompatible(spec.type, field.dataType)) {
      add(fm.vtigerField, `${names}: a Vtiger ${field.dataType} field cannot hold a Xero ${spec.type} value.`);
    }
    if (t?.kind === 'personName' && !(kind === 'contact' && spec.path === (t.part === 'first' ? 'firstName' : 'lastName'))) {
      add(fm.vtigerField, `${names}: the person-name transform joins Xero firstName/lastName into Name; part "${t.part}" must map to Xero "${t.part}Name".`);
    }
    if (t?.kind === 'money' && spec.type !== 'money' && spec.type !== 'decimal') add(fm.vtigerField, `${names}: "money" applies to amounts only.`);
    if (t?.kind === 'picklistMap') {
      if (field.dataType === 'picklist') {
        for (const value of Object.keys(t.values)) {
          if (!field.picklistValues.includes(value)) add(fm.vtigerField, `${names}: "${value}" is not a value of the Vtiger picklist "${field.label}".`);
        }
      }
      const xeroValues = Object.values(t.values);
      if (new Set(xeroValues).size !== xeroValues.length) add(fm.vtigerField, `${names}: two Vtiger values map to the same Xero value, so it cannot be mapped back.`);
    }
  }

  const toXero = mapping.fields.filter((fm) => allowsToXero(fm.direction));
  if (kind === 'item' && !toXero.some((fm) => fm.xeroField === 'code')) {
    add('code', `${module} needs a field mapped to the Xero Item Code (code) toward Xero, e.g. Part Number.`);
  }
  if (kind === 'contact' && !toXero.some((fm) => fm.xeroField === 'name' || fm.transform?.kind === 'personName')) {
    add('name', `${module} needs a field mapped to the Xero Contact Name (name) toward Xero.`);
  }
  return problems;
}

/** Parses and checks a mapping; a typed error naming the first bad field (all problems in `details`). */
export function validateMapping(input: unknown, vtigerFields: readonly VtigerFieldInfo[]): PairMapping {
  const parsed = pairMappingSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new XTigerError('SYNC_MAPPING_INVALID', `The mapping is malformed at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}.`, {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  const problems = findMappingProblems(parsed.data, vtigerFields);
  const first = problems[0];
  if (first) {
    throw new XTigerError('SYNC_MAPPING_INVALID', problems.length === 1 ? first.message : `${first.message} (and ${problems.length - 1} more problem(s))`, {
      details: { pair: parsed.data.pair, field: first.field, problems },
    });
  }
  return parsed.data;
}

