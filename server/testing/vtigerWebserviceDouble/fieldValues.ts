import type { FieldMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { fault } from './wsFault.js';

/**
 * How Vtiger 8.2 turns a webservice value into a column value, and a column value back into a webservice
 * value. Nothing is validated, as in Vtiger: picklists and e-mails are stored as given, dates are parsed,
 * zeroed or nulled, booleans are 1 only for 1/"1"/"on"/true, references are checked for their module only.
 */

/** Resolves webservice id prefixes; the double reads them from vtiger_ws_entity. */
export interface IdResolver {
  moduleOfPrefix(prefix: string): string | undefined;
  prefixOf(module: string): string;
}

export interface ValueContext {
  ids: IdResolver;
  currentUserId: number;
}

const DATE_UITYPES = new Set([5, 6, 23]);
const OWNER_UITYPE = 53;
const CURRENCY_UITYPE = 117;

function storageLetter(field: FieldMetadata): string {
  return field.typeofdata.split('~')[0] ?? '';
}

export function isNumericStorage(field: FieldMetadata): boolean {
  return ['I', 'N', 'NN'].includes(storageLetter(field));
}

export function isReferenceField(field: FieldMetadata): boolean {
  return field.dataType === 'reference' && field.uitype !== 52;
}

/** What Vtiger stores for a field that was not given (CRMEntity get_column_value). */
export function emptyColumnValue(field: FieldMetadata): string | number | null {
  if (field.uitype === 56) return '0';
  if (field.uitype === 57) return 0;
  if (DATE_UITYPES.has(field.uitype) || field.uitype === 14) return null;
  if (field.column === 'salesorderid') return null; // Invoice overrides get_column_value for it
  if (isNumericStorage(field)) return 0;
  return '';
}

/** PHP's loose `$value == 1`. */
function looselyOne(value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value) === 1;
  return false;
}

/** PHP string conversion of a decoded JSON value. */
export function phpString(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'object') return 'Array';
  return String(value);
}

/** utf8mb3 columns cannot hold 4-byte characters; Vtiger's connection turns each of their bytes into `?`. */
export function toUtf8mb3(text: string): string {
  return text.replace(/[\u{10000}-\u{10FFFF}]/gu, '????');
}

/** Dates as Vtiger 8.2 saved them for a user with date format yyyy-mm-dd (recorded cases). */
export function toDbDate(value: string): string | null {
  const v = value.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
  if (/^\d{1,2}-\d{1,2}-\d{4}$/.test(v)) return '0000-00-00';
  return null;
}

function validDate(y: number, mo: number, d: number): string | null {
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `12x5` → 5 after checking the prefix belongs to a module the field may point to. */
export function referenceToCrmid(field: FieldMetadata, value: string, ctx: ValueContext): number {
  const m = /^(\d+)x(\d+)$/.exec(value.trim());
  if (!m?.[1] || !m[2]) throw fault.deniedForId();
  const module = ctx.ids.moduleOfPrefix(m[1]);
  if (!module || (field.relatedModules.length > 0 && !field.relatedModules.includes(module))) throw fault.referenceInvalid(field.name);
  return Number(m[2]);
}

/** The column value Vtiger writes for a given webservice value. */
export function toColumnValue(field: FieldMetadata, raw: unknown, ctx: ValueContext): string | number | null {
  if (field.uitype === 56 || field.uitype === 156) return raw === 'on' || looselyOne(raw) ? '1' : '0';
  const text = phpString(raw);
  if (text === '') return emptyColumnValue(field);
  if (field.uitype === OWNER_UITYPE) {
    // A webservice id of any module is taken by its number (11x2 became group 2 in the recording); a plain
    // number or junk falls back to the current user.
    const m = /^(\d+)x(\d+)$/.exec(text);
    return m?.[2] ? Number(m[2]) : ctx.currentUserId;
  }
  if (field.uitype === CURRENCY_UITYPE) {
    const m = /^(\d+)x(\d+)$/.exec(text);
    return m?.[2] ? Number(m[2]) : Number(text) || 1;
  }
  if (isReferenceField(field)) return referenceToCrmid(field, text, ctx);
  if (DATE_UITYPES.has(field.uitype)) return toDbDate(text);
  if (isNumericStorage(field) || field.uitype === 71 || field.uitype === 72) return text.replace(/,/g, '');
  return toUtf8mb3(text);
}
