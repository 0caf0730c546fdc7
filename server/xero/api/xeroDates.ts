/**
 * Xero's JSON dates are `/Date(1439434356790)/` or `/Date(1419937200000+0000)/` (ms since the epoch, UTC). xero-node
 * turns them into JS `Date`s although its types often say `string` (and say `Date` for others). Everything this
 * client hands to the sync engine has its dates as strings, one rule for all fields:
 *   - timestamps (`UpdatedDateUTC`, `CreatedDateUTC`, anything ending in UTC): ISO-8601 UTC, `2026-01-05T09:00:00.000Z`;
 *   - calendar dates (`Date`, `DueDate`, `FullyPaidOnDate`, …, always midnight UTC at Xero): `YYYY-MM-DD`.
 */
export type DatesAsStrings<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Array<DatesAsStrings<U>>
    : T extends object
      ? { [K in keyof T]: DatesAsStrings<T[K]> }
      : T;

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Parses Xero's `/Date(…)/`, an ISO string or a `Date` to a `Date`; undefined when it is none of these. */
export function parseXeroDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = MS_DATE.exec(value);
  // The offset in `/Date(ms+0000)/` describes the organisation's zone; the ms are UTC already.
  const date = ms ? new Date(Number(ms[1])) : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || !value.includes('T') ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isMidnightUtc(d: Date): boolean {
  return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
}

function dateToString(key: string, d: Date): string {
  if (!/utc$/i.test(key) && isMidnightUtc(d)) return d.toISOString().slice(0, 10);
  return d.toISOString();
}

/** Deep copy of an SDK result with every `Date` (and any leftover `/Date()/` string) as a string by the rule above. */
export function normaliseXeroDates<T>(value: T, key = ''): DatesAsStrings<T> {
  return walk(value, key) as DatesAsStrings<T>;
}

function walk(value: unknown, key: string): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : dateToString(key, value);
  if (typeof value === 'string') {
    if (!value.startsWith('/Date(')) return value;
    const d = parseXeroDate(value);
    return d ? dateToString(key, d) : value;
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = walk(v, k);
    }
    return out;
  }
  return value;
}
