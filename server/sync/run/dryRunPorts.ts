import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import type { BatchWriteResult, XeroElementError } from '../../xero/api/elementResults.js';
import type { XeroAccountingApi } from '../../xero/api/XeroAccountingApi.js';
import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';

/**
 * A dry run writes nothing anywhere BY CONSTRUCTION, not by checks spread over the code: the run gets ports that
 * read like the real ones and record every write instead of making it.
 * - Xero: every write method (create…, save…, update…, delete…, void…) records the call and answers each element
 *   "not sent", so a stage that forgot it is a dry run reports a refusal rather than writing.
 * - Vtiger's webservice: create / revise / update / delete record the call and fail it as a record-level refusal.
 * - XTiger's and Vtiger's database: the whole run works inside one transaction that is always rolled back; every
 *   INSERT / UPDATE / DELETE it issued is recorded. Reads see the run's own (discarded) writes, nothing else does.
 * The recorded writes are the run's report of what it would have written.
 */
export interface RecordedWrite {
  target: 'xero' | 'vtiger' | 'database';
  operation: string;
  /** Elements (Xero), 1 (Vtiger), rows of a statement are not counted: 1 per statement (database). */
  count: number;
}

export class WriteRecorder {
  readonly writes: RecordedWrite[] = [];

  record(target: RecordedWrite['target'], operation: string, count = 1): void {
    this.writes.push({ target, operation, count });
  }

  /** Per target and operation, summed. */
  summary(): RecordedWrite[] {
    const by = new Map<string, RecordedWrite>();
    for (const w of this.writes) {
      const key = `${w.target}:${w.operation}`;
      const had = by.get(key);
      by.set(key, had ? { ...had, count: had.count + w.count } : { ...w });
    }
    return [...by.values()];
  }
}

const XERO_WRITE = /^(create|save|update|delete|void|put|post|archive)/;
const VTIGER_WRITE = new Set(['create', 'revise', 'update', 'delete']);

function notSent(elements: unknown): BatchWriteResult<never> {
  const list = Array.isArray(elements) ? elements : [];
  const failed: XeroElementError[] = list.map((_, index) => ({ code: 'XERO_VALIDATION', index, label: `element ${index + 1}`, field: undefined, messages: ['not sent: dry run'], message: 'not sent: dry run' }));
  return { results: failed.map((error, index) => ({ ok: false, index, error, warnings: [] })), succeeded: [], failed, calls: 0 };
}

export function dryRunXero(api: XeroAccountingApi, recorder: WriteRecorder): XeroAccountingApi {
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || typeof value !== 'function' || !XERO_WRITE.test(prop)) return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return (elements: unknown) => {
        recorder.record('xero', prop, Array.isArray(elements) ? elements.length : 1);
        return Promise.resolve(notSent(elements));
      };
    },
  });
}

export function dryRunVtiger(client: VtigerWebserviceClient, recorder: WriteRecorder): VtigerWebserviceClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || typeof value !== 'function' || !VTIGER_WRITE.has(prop)) return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return (...args: unknown[]) => {
        const module = typeof args[0] === 'string' ? args[0] : '';
        recorder.record('vtiger', module ? `${prop} ${module}` : prop);
        return Promise.reject(new XTigerError('VTIGER_WS_ERROR', 'Not written: dry run.', { details: { dryRun: true } }));
      };
    },
  });
}

const DB_WRITE = /^\s*(insert|update|delete|replace)\b/i;

/** Runs `work` on a transaction that is rolled back whatever happens, recording its write statements. */
export async function inRolledBackTransaction<T>(knex: Knex, recorder: WriteRecorder, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const trx = await knex.transaction();
  // knex tags each query with its transaction's id but does not expose it on the transaction: learn it from a marker.
  let txId: string | undefined;
  const onQuery = (q: { sql?: string; __knexTxId?: string }): void => {
    if (txId === undefined && q.sql?.includes('xtiger_dry_run_marker')) txId = q.__knexTxId;
    if (txId === undefined || q.__knexTxId !== txId || !q.sql || !DB_WRITE.test(q.sql)) return;
    const table = /^\s*(?:insert\s+(?:ignore\s+)?into|update|delete\s+from|replace\s+into)\s+`?([A-Za-z0-9_]+)`?/i.exec(q.sql)?.[1] ?? 'table';
    recorder.record('database', `${q.sql.trim().split(/\s+/)[0]?.toLowerCase() ?? 'write'} ${table}`);
  };
  knex.on('query', onQuery);
  try {
    await trx.raw('SELECT 1 AS xtiger_dry_run_marker');
    return await work(trx);
  } finally {
    knex.off('query', onQuery);
    await trx.rollback().catch(() => undefined);
  }
}
