import { XTigerError } from '../../errors/XTigerError.js';

/** Vtiger's `query` returns at most 100 rows a call, whatever LIMIT asks for. */
export const WS_QUERY_PAGE_SIZE = 100;

/** The query text outside quoted values, to look for keywords safely. */
function withoutQuotedValues(sql: string): string {
  return sql.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
}

/**
 * `SELECT … FROM M [WHERE …] [ORDER BY …];` → the same query for one page: `… LIMIT offset, size;`.
 * A query that already has a LIMIT cannot be paged (the caller would get a wrong window).
 */
export function pagedQuery(sql: string, offset: number, pageSize = WS_QUERY_PAGE_SIZE): string {
  const base = sql.trim().replace(/;\s*$/, '').trim();
  if (/\blimit\b/i.test(withoutQuotedValues(base))) {
    throw new XTigerError('VTIGER_INVALID_DATA', `The webservice query "${base}" already has a LIMIT; page it yourself or leave LIMIT out.`, {
      details: { query: base },
    });
  }
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > WS_QUERY_PAGE_SIZE) {
    throw new XTigerError('VTIGER_INVALID_DATA', `Bad page window offset=${offset} size=${pageSize} (size 1..${WS_QUERY_PAGE_SIZE}).`);
  }
  return `${base} LIMIT ${offset}, ${pageSize};`;
}
