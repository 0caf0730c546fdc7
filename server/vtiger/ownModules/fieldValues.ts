import type { WritableField } from './entityModule.js';

/**
 * Turning one input value into the column value Vtiger's save would store (CRMEntity::insertIntoEntityTable and
 * get_column_value), plus the checks Vtiger's forms and webservice make. Pure functions; errors are returned as
 * messages naming the field, and the caller adds which record.
 */
export type FieldInput = string | number | boolean | Date | null | undefined;
export type ColumnValue = string | number | null;

export type Converted = { ok: true; value: ColumnValue } | { ok: false; problem: string };

/** Vtiger treats these uitypes as dates: an empty value is stored as NULL (is_uitype(…, '_date_')). */
const DATE_UITYPES = new Set([5, 6, 23, 70]);
const INTEGER_UITYPES = new Set([7, 10, 51, 52, 53, 57, 58, 59, 66, 73, 75, 76, 77, 78, 80, 81, 101]);
const DECIMAL_UITYPES = new Set([71, 72, 9]);

/**
 * Vtiger's tables are utf8 (utf8mb3): a 4-byte character (emoji, rare CJK) cannot be stored — MariaDB rejects the
 * row in strict mode and cuts the text at that character otherwise. We replace each one with U+FFFD (�) so
 * the rest of the text survives, and say so in the returned count.
 */
export function replaceFourByteCharacters(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const out = text.replace(/[\u{10000}-\u{10FFFF}]/gu, () => {
    replaced += 1;
    return '\uFFFD';
  });
  return { text: out, replaced };
}

/**
 * What Vtiger's request handling does to text a user types before any save (Vtiger_Request::get → vtlib_purify:
 * HTMLPurifier, then its removal of event-handler attributes and script elements): markup cannot carry script.
 * We do not run HTMLPurifier; we remove what makes markup run script — `on…=` attributes inside tags, script
 * elements, `javascript:` URLs — and keep the rest of the text as typed. Vtiger's pages HTML-encode stored values
 * when they show them (PearDatabase's to_html), and our own screens use text nodes.
 */
export function vtigerPurifyTyped(text: string): string {
  if (!text.includes('<')) return text;
  return text
    .replace(/<script\b[\s\S]*?(?:<\/script\s*>|$)/gi, '')
    .replace(/<[^<>]*>?/g, (tag) =>
      tag
        .replace(/[\s/]+on[a-z0-9_-]+\s*=\s*(?:"[^"]*"?|'[^']*'?|[^\s>]*)/gi, '')
        .replace(/javascript\s*:/gi, ''),
    );
}

/** Vtiger's from_html on insert: only text holding a script element gets <, > and " encoded. */
export function vtigerFromHtml(text: string): string {
  return /(script).*(\/script)/i.test(text) ? text.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : text;
}

/** UTC `YYYY-MM-DD HH:MM:SS`, the way Vtiger stores date-times (PHP date() with Vtiger's UTC default zone). */
export function formatDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d{1,17}(\.\d{1,8})?$/;

function describe(field: WritableField): string {
  return `${field.label} (${field.name})`;
}

function isEmpty(input: FieldInput): boolean {
  return input === undefined || input === null || input === '';
}

/** get_column_value: what an empty field becomes — 0 for I/N/NN data, NULL for dates, '' otherwise. */
export function emptyColumnValue(field: WritableField): ColumnValue {
  if (DATE_UITYPES.has(field.uitype)) return null;
  if (field.dataType === 'I' || field.dataType === 'N' || field.dataType === 'NN') return 0;
  return '';
}

function textValue(field: WritableField, input: FieldInput): Converted {
  if (typeof input !== 'string' && typeof input !== 'number') return { ok: false, problem: `${describe(field)} must be text, got ${typeof input}` };
  const text = vtigerFromHtml(vtigerPurifyTyped(replaceFourByteCharacters(String(input)).text));
  if (field.maxChars !== undefined && [...text].length > field.maxChars) {
    return { ok: false, problem: `${describe(field)} is ${[...text].length} characters; the column holds ${field.maxChars}` };
  }
  if (field.maxBytes !== undefined && Buffer.byteLength(text, 'utf8') > field.maxBytes) {
    return { ok: false, problem: `${describe(field)} is ${Buffer.byteLength(text, 'utf8')} bytes; the column holds ${field.maxBytes}` };
  }
  return { ok: true, value: text };
}

/** One field's value as Vtiger would store it, or why it cannot be stored. */
export function toColumnValue(field: WritableField, input: FieldInput): Converted {
  if (isEmpty(input)) {
    if (field.mandatory && field.uitype !== 4) return { ok: false, problem: `${describe(field)} is mandatory` };
    return { ok: true, value: field.uitype === 56 ? '0' : emptyColumnValue(field) };
  }
  if (field.uitype === 56) {
    return { ok: true, value: input === true || input === 1 || input === '1' || input === 'on' ? '1' : '0' };
  }
  if (field.uitype === 15 || field.uitype === 16) {
    const value = String(input);
    if (field.picklistValues && !field.picklistValues.includes(value)) {
      return { ok: false, problem: `${describe(field)} "${value}" is not one of ${field.picklistValues.join(', ')}` };
    }
    return { ok: true, value };
  }
  if (DATE_UITYPES.has(field.uitype)) {
    if (input instanceof Date) {
      if (Number.isNaN(input.getTime())) return { ok: false, problem: `${describe(field)} is an invalid date` };
      return { ok: true, value: field.dataType === 'D' ? formatDateTime(input).slice(0, 10) : formatDateTime(input) };
    }
    const s = String(input);
    if (!(DATE_TIME.test(s) || DATE_ONLY.test(s)) || Number.isNaN(Date.parse(s.replace(' ', 'T') + (s.length > 10 ? 'Z' : 'T00:00:00Z')))) {
      return { ok: false, problem: `${describe(field)} "${s}" is not a date (YYYY-MM-DD) or UTC date-time (YYYY-MM-DD HH:MM:SS)` };
    }
    return { ok: true, value: s };
  }
  if (INTEGER_UITYPES.has(field.uitype) || field.dataType === 'I') {
    const n = typeof input === 'number' ? input : Number(String(input).replace(/,/g, ''));
    if (!Number.isSafeInteger(n)) return { ok: false, problem: `${describe(field)} "${String(input)}" is not a whole number` };
    return { ok: true, value: n };
  }
  if (DECIMAL_UITYPES.has(field.uitype) || field.dataType === 'N' || field.dataType === 'NN') {
    const s = typeof input === 'number' ? String(input) : String(input).replace(/,/g, '');
    if (!DECIMAL.test(s)) return { ok: false, problem: `${describe(field)} "${String(input)}" is not a decimal number` };
    return { ok: true, value: s };
  }
  return textValue(field, input);
}
