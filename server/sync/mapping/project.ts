import type { Address, Phone } from 'xero-node';
import { XTigerError } from '../../errors/XTigerError.js';
import { allowsToVtiger, allowsToXero, reason, type SyncReason, type SyncValues, type VtigerRecord, type XeroKind } from '../types.js';
import { normaliseDecimal, normaliseText, normaliseValue, roundDecimal, type ValueKind } from '../values/normalise.js';
import { fromAddressLines, MAX_ADDRESS_LINES, toAddressLines } from './addressLines.js';
import type { FieldMapping } from './fieldMapping.js';
import { joinPersonName, splitPersonName } from './personName.js';
import { joinPhone, splitPhone } from './phone.js';
import { findXeroField, XERO_ADDRESS_TYPES, type XeroAddressType, type XeroFieldSpec, type XeroPhoneType } from './xeroFields.js';
import type { DatesAsStrings } from '../../xero/api/xeroDates.js';
import type { XeroObject } from './xeroObjects.js';

/**
 * The pure mappers. Both sides are projected into "sync values": what the mapped Vtiger fields hold (Vtiger
 * side), or would hold if the Xero object were written to Vtiger (Xero side). Hashes, snapshots and merges work
 * on sync values; `buildXeroObject` turns them into a xero-node object for a write.
 */
export interface MapperContext {
  /** The record as users know it (`Jane Doe (CON2)`), for messages. */
  recordLabel: string;
  /** Vtiger field labels by field name, so messages say "Part Number" rather than `productcode`. */
  fieldLabels?: Readonly<Record<string, string>>;
}

export interface Projection {
  values: SyncValues;
  /** Values that could not be read as their type (a price that is not a number…). */
  issues: SyncReason[];
}

export interface BuiltXeroObject<K extends XeroKind> {
  object: XeroObject<K>;
  /** Why Xero would refuse the object: empty required fields (an empty Part Number), text too long. */
  issues: SyncReason[];
}

type Loose = Record<string, unknown>;
type AddressPart = 'lines' | 'poBox' | 'city' | 'region' | 'postalCode' | 'country' | 'attentionTo';

export function xeroFieldSpec(kind: XeroKind, mapping: FieldMapping): XeroFieldSpec {
  const spec = findXeroField(kind, mapping.xeroField);
  if (!spec) {
    throw new XTigerError('SYNC_MAPPING_INVALID', `Xero ${kind}s have no field "${mapping.xeroField}" (mapped from Vtiger field "${mapping.vtigerField}").`, {
      details: { vtigerField: mapping.vtigerField, xeroField: mapping.xeroField },
    });
  }
  return spec;
}

export function valueKindOf(spec: XeroFieldSpec): ValueKind {
  switch (spec.type) {
    case 'multiline':
      return 'multiline';
    case 'money':
    case 'decimal':
      return 'decimal';
    case 'boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

function fieldLabel(ctx: MapperContext, field: string): string {
  return ctx.fieldLabels?.[field] ?? field;
}

/** Normalises one value of a field; keeps the trimmed text (and reports it) when it is not of the field's kind. */
function normaliseField(spec: XeroFieldSpec, raw: string | null, ctx: MapperContext, field: string, issues: SyncReason[]): string | null {
  const value = normaliseValue(valueKindOf(spec), raw);
  if (value === undefined) {
    issues.push(reason('sync.invalid.badValue', { record: ctx.recordLabel, field: fieldLabel(ctx, field), value: String(raw) }));
    return normaliseText(raw);
  }
  return spec.type === 'phone' && value !== null ? value.replace(/\s+/g, ' ') : value;
}

/** The Vtiger side's sync values: the mapped fields of the record, normalised. */
export function projectVtigerRecord(kind: XeroKind, fields: readonly FieldMapping[], record: VtigerRecord, ctx: MapperContext): Projection {
  const values: SyncValues = {};
  const issues: SyncReason[] = [];
  for (const fm of fields) {
    const spec = xeroFieldSpec(kind, fm);
    values[fm.vtigerField] = normaliseField(spec, record[fm.vtigerField] ?? null, ctx, fm.vtigerField, issues);
  }
  return { values, issues };
}

// ---------- reading Xero objects ----------

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : null;
}

function readPath(obj: Loose, path: string): unknown {
  let current: unknown = obj;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Loose)[key];
  }
  return current;
}

function findPhone(obj: Loose, type: string): Phone | undefined {
  const phones = obj['phones'];
  return Array.isArray(phones) ? (phones as Phone[]).find((p) => String(p.phoneType) === type) : undefined;
}

function findAddress(obj: Loose, type: string): Address | undefined {
  const addresses = obj['addresses'];
  return Array.isArray(addresses) ? (addresses as Address[]).find((a) => String(a.addressType) === type) : undefined;
}

function addressLinesOf(address: Address): Array<string | undefined> {
  return [address.addressLine1, address.addressLine2, address.addressLine3, address.addressLine4];
}

/** The Xero value of one mapped field, as Vtiger text (phones joined, address lines joined, booleans "1"/"0"). */
function readXeroValue(kind: XeroKind, obj: Loose, fm: FieldMapping, poBoxMapped: ReadonlySet<string>): string | null {
  const path = fm.xeroField;
  if (fm.transform?.kind === 'personName' && kind === 'contact') {
    const first = normaliseText(asText(obj['firstName']));
    const last = normaliseText(asText(obj['lastName']));
    if (first !== null || last !== null) return fm.transform.part === 'first' ? first : last;
    const split = splitPersonName(asText(obj['name']));
    return fm.transform.part === 'first' ? split.first : split.last;
  }
  const [head, type, part] = path.split('.');
  if (head === 'phones' && type) return joinPhone(findPhone(obj, type));
  if (head === 'addresses' && type && part) {
    const address = findAddress(obj, type);
    if (!address) return null;
    if (part === 'lines' || part === 'poBox') {
      const { street, poBox } = fromAddressLines(addressLinesOf(address), poBoxMapped.has(type));
      return part === 'lines' ? street : poBox;
    }
    return asText((address as Loose)[part]);
  }
  return asText(readPath(obj, path));
}

function reverseTransform(fm: FieldMapping, value: string | null): string | null {
  const t = fm.transform;
  if (!t || value === null) return value;
  switch (t.kind) {
    case 'picklistMap': {
      const entry = Object.entries(t.values).find(([, xero]) => xero === value);
      return entry ? entry[0] : value;
    }
    case 'negate':
      return value === '1' ? '0' : value === '0' ? '1' : value;
    case 'money': {
      const d = normaliseDecimal(value);
      return typeof d === 'string' ? roundDecimal(d, t.decimals) : value;
    }
    default:
      return value;
  }
}

function poBoxTypes(fields: readonly FieldMapping[]): Set<string> {
  const types = new Set<string>();
  for (const fm of fields) {
    const [head, type, part] = fm.xeroField.split('.');
    if (head === 'addresses' && type && part === 'poBox') types.add(type);
  }
  return types;
}

/** The Xero side's sync values: what the mapped Vtiger fields would hold if this Xero object were written to Vtiger. */
export function projectXeroObject<K extends XeroKind>(
  kind: K,
  fields: readonly FieldMapping[],
  object: XeroObject<K> | DatesAsStrings<XeroObject<K>>,
  ctx: MapperContext,
): Projection {
  const obj = object as unknown as Loose;
  const values: SyncValues = {};
  const issues: SyncReason[] = [];
  const poBoxMapped = poBoxTypes(fields);
  for (const fm of fields) {
    const spec = xeroFieldSpec(kind, fm);
    const raw = readXeroValue(kind, obj, fm, poBoxMapped);
    const normalised = normaliseField(spec, raw, ctx, fm.vtigerField, issues);
    values[fm.vtigerField] = reverseTransform(fm, normalised);
  }
  return { values, issues };
}

// ---------- building Xero objects ----------

function forwardTransform(fm: FieldMapping, value: string | null): string | null {
  const t = fm.transform;
  if (!t || value === null) return value;
  if (t.kind === 'picklistMap') return t.values[value] ?? value;
  if (t.kind === 'negate') return value === '1' ? '0' : value === '0' ? '1' : value;
  return value;
}

function writePath(obj: Loose, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = obj;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (next === null || typeof next !== 'object') target[key] = {};
    target = target[key] as Loose;
  }
  target[keys[keys.length - 1] as string] = value;
}

function tooLong(value: string, max: number | undefined): boolean {
  return max !== undefined && [...value].length > max;
}

/**
 * The xero-node object for sync values (only fields whose direction carries them to Xero, never Xero's
 * read-only ones). Phones and addresses of types the mapping does not name are kept from `base` (the object
 * as Xero holds it), because Xero replaces those lists whole on update.
 */
export function buildXeroObject<K extends XeroKind>(
  kind: K,
  fields: readonly FieldMapping[],
  values: SyncValues,
  ctx: MapperContext,
  base?: XeroObject<K> | DatesAsStrings<XeroObject<K>>,
): BuiltXeroObject<K> {
  const obj: Loose = {};
  const issues: SyncReason[] = [];
  const phones = new Map<XeroPhoneType, ReturnType<typeof splitPhone>>();
  const addresses = new Map<XeroAddressType, Partial<Record<AddressPart, string | null>>>();
  const personName: { first?: string | null; last?: string | null; firstField?: string; lastField?: string } = {};
  const sourceOf = new Map<string, string>();

  for (const fm of fields) {
    const spec = xeroFieldSpec(kind, fm);
    if (!allowsToXero(fm.direction) || spec.readOnly) continue;
    const value = forwardTransform(fm, values[fm.vtigerField] ?? null);
    const label = fieldLabel(ctx, fm.vtigerField);
    sourceOf.set(fm.xeroField, fm.vtigerField);
    if (fm.transform?.kind === 'personName' && kind === 'contact') {
      if (fm.transform.part === 'first') Object.assign(personName, { first: value, firstField: fm.vtigerField });
      else Object.assign(personName, { last: value, lastField: fm.vtigerField });
    }
    const [head, type, part] = fm.xeroField.split('.');
    if (head === 'phones' && type) {
      const parts = splitPhone(value);
      if (tooLong(parts.phoneNumber, spec.maxLength)) issues.push(reason('sync.invalid.tooLongForXero', { record: ctx.recordLabel, field: label, xeroField: spec.label, max: spec.maxLength ?? 0 }));
      phones.set(type as XeroPhoneType, parts);
      continue;
    }
    if (head === 'addresses' && type && part) {
      const draft = addresses.get(type as XeroAddressType) ?? {};
      draft[part as AddressPart] = value;
      addresses.set(type as XeroAddressType, draft);
      if (part !== 'lines' && part !== 'poBox' && value !== null && tooLong(value, spec.maxLength)) {
        issues.push(reason('sync.invalid.tooLongForXero', { record: ctx.recordLabel, field: label, xeroField: spec.label, max: spec.maxLength ?? 0 }));
      }
      continue;
    }
    switch (spec.type) {
      case 'boolean':
        if (value !== null) writePath(obj, fm.xeroField, value === '1');
        break;
      case 'money':
      case 'decimal': {
        if (value === null) break;
        const d = normaliseDecimal(value);
        if (typeof d !== 'string') {
          issues.push(reason('sync.invalid.badValue', { record: ctx.recordLabel, field: label, value }));
          break;
        }
        writePath(obj, fm.xeroField, Number(d));
        break;
      }
      default:
        if (value !== null && tooLong(value, spec.maxLength)) {
          issues.push(reason('sync.invalid.tooLongForXero', { record: ctx.recordLabel, field: label, xeroField: spec.label, max: spec.maxLength ?? 0 }));
        }
        writePath(obj, fm.xeroField, value ?? '');
    }
  }

  if (personName.firstField !== undefined || personName.lastField !== undefined) {
    obj['name'] = joinPersonName(personName.first, personName.last);
    if (personName.lastField) sourceOf.set('name', personName.lastField);
  }
  if (phones.size > 0) obj['phones'] = mergePhones(base as Loose | undefined, phones);
  if (addresses.size > 0) obj['addresses'] = mergeAddresses(base as Loose | undefined, addresses, ctx, issues);

  for (const spec of requiredXeroFields(kind)) {
    const written = readPath(obj, spec.path);
    if (typeof written === 'string' && written.trim() !== '') continue;
    const source = sourceOf.get(spec.path);
    if (source === undefined && written === undefined) continue; // not mapped toward Xero: the base keeps it
    issues.push(reason('sync.invalid.requiredForXero', { record: ctx.recordLabel, field: source ? fieldLabel(ctx, source) : spec.path, xeroField: spec.label }));
  }
  return { object: obj as unknown as XeroObject<K>, issues };
}

function requiredXeroFields(kind: XeroKind): XeroFieldSpec[] {
  return kind === 'person' ? [] : (['name', 'code'].map((p) => findXeroField(kind, p)).filter((s): s is XeroFieldSpec => s?.required === true));
}

function mergePhones(base: Loose | undefined, mapped: Map<XeroPhoneType, ReturnType<typeof splitPhone>>): Phone[] {
  const kept = Array.isArray(base?.['phones']) ? (base['phones'] as Phone[]).filter((p) => !mapped.has(String(p.phoneType) as XeroPhoneType)) : [];
  const written = [...mapped].map(([type, parts]) => ({ phoneType: type as unknown as Phone.PhoneTypeEnum, ...parts }));
  return [...kept, ...written];
}

function mergeAddresses(
  base: Loose | undefined,
  drafts: Map<XeroAddressType, Partial<Record<AddressPart, string | null>>>,
  ctx: MapperContext,
  issues: SyncReason[],
): Address[] {
  const existing = Array.isArray(base?.['addresses']) ? (base['addresses'] as Address[]) : [];
  const result: Address[] = existing.filter((a) => !drafts.has(String(a.addressType) as XeroAddressType));
  for (const type of XERO_ADDRESS_TYPES) {
    const draft = drafts.get(type);
    if (!draft) continue;
    const address: Loose = { ...(existing.find((a) => String(a.addressType) === type) ?? {}), addressType: type };
    if ('lines' in draft || 'poBox' in draft) {
      const lines = toAddressLines(draft.lines, draft.poBox);
      for (let i = 0; i < MAX_ADDRESS_LINES; i++) address[`addressLine${i + 1}`] = lines[i] ?? '';
      if (lines.some((l) => [...l].length > 500)) {
        issues.push(reason('sync.invalid.tooLongForXero', { record: ctx.recordLabel, field: `addresses.${type}.lines`, xeroField: 'AddressLine', max: 500 }));
      }
    }
    for (const part of ['city', 'region', 'postalCode', 'country', 'attentionTo'] as const) {
      if (part in draft) address[part] = draft[part] ?? '';
    }
    result.push(address as unknown as Address);
  }
  return result;
}

/** Sync values limited to the fields whose direction carries them to Vtiger: the element for a Vtiger write. */
export function toVtigerElement(fields: readonly FieldMapping[], values: SyncValues): VtigerRecord {
  const element: VtigerRecord = {};
  for (const fm of fields) if (allowsToVtiger(fm.direction) && fm.vtigerField in values) element[fm.vtigerField] = values[fm.vtigerField] ?? '';
  return element;
}
