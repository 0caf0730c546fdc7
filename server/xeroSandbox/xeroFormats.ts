/** Xero's wire formats: GUIDs, `/Date(ms+0000)/` dates, 2-dp money. Pure functions. */
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';

export const newGuid = (): string => randomUUID();

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (value: unknown): value is string => typeof value === 'string' && GUID.test(value);

/** `/Date(1439434356790+0000)/`, as Xero writes UpdatedDateUTC and other timestamps. */
export const msDateTime = (ms: number): string => `/Date(${Math.trunc(ms)}+0000)/`;

/** A calendar date as Xero returns it: midnight UTC of that day. */
export const msDate = (isoDay: string): string => msDateTime(Date.parse(`${isoDay}T00:00:00Z`));

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Reads a `/Date(…)/` string back to epoch ms, or undefined when it is not one. */
export function parseMsDate(value: string): number | undefined {
  const m = MS_DATE.exec(value);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * A date the API accepts in a write: `YYYY-MM-DD`, an ISO date-time, or `/Date(…)/`. Returns the calendar day
 * (`YYYY-MM-DD`, UTC) or undefined when it is not a date.
 */
export function parseWriteDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const ms = parseMsDate(value) ?? (/^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN);
  if (ms === undefined || Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().slice(0, 10);
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Money as Xero returns it: a JSON number rounded half away from zero to `dp` places. */
export const money = (value: Decimal.Value, dp = 2): number => new Decimal(value).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP).toNumber();

/** Parses an HTTP date (RFC 1123) or ISO 8601 header value, truncated to the second as Xero compares it. */
export function parseIfModifiedSince(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const ms = Date.parse(header.trim());
  if (Number.isNaN(ms)) return undefined;
  return Math.floor(ms / 1000) * 1000;
}
