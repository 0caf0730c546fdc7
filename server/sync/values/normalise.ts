import { Decimal } from 'decimal.js';

/**
 * Value normalisation, so that equal content hashes and compares equal whichever side it came from: text is
 * trimmed, Unicode NFC, with `\n` line ends; empty text is `null`; decimals lose trailing zeros ("19.99000000"
 * → "19.99"); booleans are "1"/"0"; dates are `YYYY-MM-DD`.
 */
export type ValueKind = 'text' | 'multiline' | 'decimal' | 'boolean' | 'date';

export function normaliseText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  return text === '' ? null : text;
}

/** Multi-line text: each line trimmed on the right, blank lines at either end dropped. */
export function normaliseMultiline(value: string | null | undefined): string | null {
  const text = normaliseText(value);
  if (text === null) return null;
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** A decimal as its shortest exact string; undefined when the text is not a number. */
export function normaliseDecimal(value: string | number | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return null;
  try {
    const d = new Decimal(text);
    if (!d.isFinite()) return undefined;
    return d.isZero() ? '0' : d.toFixed();
  } catch {
    return undefined;
  }
}

/** Half away from zero, as PHP's round() that Vtiger uses for unit prices. */
export function roundDecimal(value: string, decimals: number): string {
  return new Decimal(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP).toFixed();
}

const TRUE_TEXT = new Set(['1', 'true', 'yes', 'on']);
const FALSE_TEXT = new Set(['0', 'false', 'no', 'off']);

/** Vtiger stores checkboxes as "1"/"0" (the webservice also says "1"/"0"); undefined when not a boolean. */
export function normaliseBoolean(value: string | boolean | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = value.trim().toLowerCase();
  if (text === '') return null;
  if (TRUE_TEXT.has(text)) return '1';
  if (FALSE_TEXT.has(text)) return '0';
  return undefined;
}

/**
 * A calendar date `YYYY-MM-DD` from Vtiger (`2024-05-01`), Xero JSON (`/Date(1439434356790)/`,
 * `/Date(1419937200000+0000)/`), ISO text or a JS Date (xero-node turns `/Date()/` into Dates). Undefined when
 * not a date. Dates of Xero are UTC.
 */
export function normaliseDate(value: string | Date | null | undefined): string | null | undefined {
  const instant = toInstant(value);
  if (instant === null || instant === undefined) return instant;
  return instant.toISOString().slice(0, 10);
}

/** A point in time from the same inputs as `normaliseDate` (Vtiger's `YYYY-MM-DD HH:MM:SS` is UTC here). */
export function toInstant(value: string | Date | null | undefined): Date | null | undefined {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  const text = value.trim();
  if (text === '' || text.startsWith('0000-00-00')) return null;
  const msDate = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(text);
  if (msDate) return new Date(Number(msDate[1]));
  const plain = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?Z?$/.exec(text);
  if (plain) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = plain;
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0'))));
    return date.getUTCDate() === Number(d) ? date : undefined;
  }
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** Normalises by kind; undefined when the value cannot be read as that kind. */
export function normaliseValue(kind: ValueKind, value: string | null | undefined): string | null | undefined {
  switch (kind) {
    case 'text':
      return normaliseText(value);
    case 'multiline':
      return normaliseMultiline(value);
    case 'decimal':
      return normaliseDecimal(value);
    case 'boolean':
      return normaliseBoolean(value);
    case 'date':
      return normaliseDate(value);
  }
}

/** A point in time as MariaDB DATETIME(3) text in UTC (`2026-01-05 09:00:00.000`). */
export function toSqlDateTime(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}
