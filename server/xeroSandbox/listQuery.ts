/**
 * Reading a collection as Xero does: `where`, `IDs`-style filters, If-Modified-Since (UpdatedDateUTC at or after
 * the given second), `order` ("Name ASC, UpdatedDateUTC DESC") and paging (`page` from 1, `pageSize` 100 by
 * default, at most 1000) with the `pagination` object xero-node reads.
 */
import { WhereParseError, compileWhere } from './whereFilter.js';
import { parseMsDate } from './xeroFormats.js';

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

export interface ListOptions {
  typeName: string;
  fields: readonly string[];
  where?: string;
  order?: string;
  ifModifiedSince?: number;
  filters?: ((record: Record<string, unknown>) => boolean)[];
  /** Paged collections always answer one page; unpaged ones answer everything. */
  paged: boolean;
  page?: number;
  pageSize?: number;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

function sortKey(v: unknown): string | number | boolean {
  if (typeof v === 'string') return parseMsDate(v) ?? v.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return '';
}

function comparator(order: string, typeName: string, fields: readonly string[]): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  const known = new Map(fields.map((f) => [f.toLowerCase(), f]));
  const keys = order.split(',').map((part) => {
    const [field = '', dir = 'ASC'] = part.trim().split(/\s+/);
    const name = known.get(field.toLowerCase());
    if (name === undefined) throw new WhereParseError(`No property or field '${field}' exists in type '${typeName}'`);
    if (!/^(ASC|DESC)$/i.test(dir)) throw new WhereParseError(`Invalid sort direction '${dir}'`);
    return { name, sign: /^DESC$/i.test(dir) ? -1 : 1 };
  });
  return (a, b) => {
    for (const { name, sign } of keys) {
      const x = sortKey(a[name]);
      const y = sortKey(b[name]);
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  };
}

export function listRecords<T extends object>(records: readonly T[], opts: ListOptions): { records: T[]; pagination?: Pagination } {
  let rows = records as unknown as Record<string, unknown>[];
  if (opts.ifModifiedSince !== undefined) {
    const since = opts.ifModifiedSince;
    rows = rows.filter((r) => (parseMsDate(String(r['UpdatedDateUTC'] ?? '')) ?? 0) >= since);
  }
  for (const f of opts.filters ?? []) rows = rows.filter(f);
  if (opts.where !== undefined && opts.where.trim() !== '') rows = rows.filter(compileWhere(opts.where, opts.typeName, opts.fields));
  if (opts.order !== undefined && opts.order.trim() !== '') rows = [...rows].sort(comparator(opts.order, opts.typeName, opts.fields));
  if (!opts.paged) return { records: rows as unknown as T[] };
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, opts.pageSize ?? DEFAULT_PAGE_SIZE));
  const page = Math.max(1, opts.page ?? 1);
  const itemCount = rows.length;
  return {
    records: rows.slice((page - 1) * pageSize, page * pageSize) as unknown as T[],
    pagination: { page, pageSize, pageCount: Math.ceil(itemCount / pageSize), itemCount },
  };
}
