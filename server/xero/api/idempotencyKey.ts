import { createHash } from 'node:crypto';

/**
 * The `Idempotency-Key` of a write (≤ 128 characters at Xero): derived from the organisation, the operation and
 * the content of the batch, so a retry of the same write — after a timeout, a lost response, or a crash and a
 * re-run — sends the same key and Xero answers with the first response instead of creating twice.
 *
 * `scope` separates writes that are meant to happen again with the same content (say, a record edited back to an
 * earlier state in a later sync run): the sync engine passes the id of the change it is writing; retries of that
 * change share the key, a later change does not.
 */
export function idempotencyKeyFor(tenantId: string, operation: string, batch: unknown, scope = ''): string {
  const digest = createHash('sha256').update(canonicalJson([tenantId, operation, scope, batch])).digest('base64url');
  return `xtiger-${operation.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}-${digest}`;
}

/** JSON with object keys sorted and `undefined` dropped, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
