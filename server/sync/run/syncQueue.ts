import type { Knex } from 'knex';
import type { OwnModuleWriteOptions } from '../../vtiger/ownModules/xtLog.js';
import { enqueueXTQueueItems, updateXTQueueItems, type XTQueueChange, type XTQueueItem } from '../../vtiger/ownModules/xtQueue.js';
import type { LoggedModule, SyncDirection as LogDirection } from '../../vtiger/ownModules/ownModuleValues.js';
import { toSqlDateTime } from '../values/normalise.js';

/**
 * XTQueue as the run uses it: failed records wait there with exponential backoff and are retried in queue order
 * (sequence) by later runs; one open item per record and direction (a new failure counts an attempt on it);
 * after `maxAttempts` the item is Failed and stays visible, no longer retried. A record whose retry succeeds
 * closes its item (Done). A failing record never holds the others back: each is retried on its own.
 */
export interface OpenQueueItem {
  crmid: number;
  module: string;
  relatedTo: number | null;
  direction: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string;
  sequence: number;
}

const DAY_MS = 86_400_000;
/** A waiting item's next attempt by time alone: far away, since its wait brings it back as soon as the cause may have gone. */
const WAITING_MS = 365 * DAY_MS;

/** Delay before attempt `attempts + 1`: base, 2×base, 4×base… capped at a day. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(DAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

interface QueueRow {
  xtqueueid: number;
  xtq_module: string;
  xtq_related_to: number | null;
  xtq_direction: string;
  xtq_attempts: number | null;
  xtq_next_attempt_at: string | null;
  xtq_last_error: string | null;
  xtq_sequence: number | null;
}

function fromRow(r: QueueRow): OpenQueueItem {
  return {
    crmid: Number(r.xtqueueid),
    module: r.xtq_module,
    relatedTo: r.xtq_related_to === null || Number(r.xtq_related_to) === 0 ? null : Number(r.xtq_related_to),
    direction: r.xtq_direction,
    attempts: Number(r.xtq_attempts ?? 0),
    nextAttemptAt: r.xtq_next_attempt_at,
    lastError: r.xtq_last_error ?? '',
    sequence: Number(r.xtq_sequence ?? 0),
  };
}

function openItems(knex: Knex): Knex.QueryBuilder {
  return knex('vtiger_xtqueue as q').join('vtiger_crmentity as e', 'e.crmid', 'q.xtqueueid').where('e.deleted', 0).andWhere('q.xtq_status', 'Queued');
}

/** Every open (Queued) item of these modules, in queue order. */
export async function readOpenQueueItems(knex: Knex, modules: readonly LoggedModule[]): Promise<OpenQueueItem[]> {
  if (modules.length === 0) return [];
  const rows = (await openItems(knex).whereIn('q.xtq_module', [...modules]).orderBy([{ column: 'q.xtq_sequence' }, { column: 'q.xtqueueid' }]).select('q.*')) as QueueRow[];
  return rows.map(fromRow);
}

/** Items due now (next attempt reached), in queue order. */
export function dueItems(items: readonly OpenQueueItem[], now: Date): OpenQueueItem[] {
  const at = toSqlDateTime(now).slice(0, 19);
  return items.filter((i) => i.nextAttemptAt === null || i.nextAttemptAt.slice(0, 19) <= at);
}

export interface QueueFailure {
  module: LoggedModule;
  relatedTo: number | null;
  /** For a Xero record without a Vtiger record: its id, kept in the error text to find the item again. */
  xeroId: string | null;
  direction: LogDirection;
  error: string;
}

export interface QueueSettings {
  maxAttempts: number;
  backoffMs: number;
  ownerId: number;
  write: OwnModuleWriteOptions & { actingUserId: number };
}

function keyOf(module: string, relatedTo: number | null, xeroId: string | null, direction: string): string {
  return relatedTo !== null ? `${module}#${relatedTo}#${direction}` : `${module}#x:${xeroId ?? ''}#${direction}`;
}

function itemKey(i: OpenQueueItem): string {
  if (i.relatedTo !== null) return keyOf(i.module, i.relatedTo, null, i.direction);
  const xeroId = /\[Xero ([^\]]+)\]/.exec(i.lastError)?.[1] ?? '';
  return keyOf(i.module, null, xeroId, i.direction);
}

/**
 * Records this batch's queue changes: failures open or advance an item, successes close the open items of
 * their records. Returns what happened, for the log (items that just gave up).
 */
export async function applyQueueChanges(
  knex: Knex,
  open: Map<string, OpenQueueItem>,
  failures: readonly QueueFailure[],
  /** `direction`: only that direction's item is closed (default both: the record is in step). */
  succeeded: ReadonlyArray<{ module: LoggedModule; relatedTo: number | null; xeroId: string | null; direction?: LogDirection }>,
  now: Date,
  settings: QueueSettings,
  /**
   * Refused for their own data: an open item is set Failed with the reason (a retry cannot help); none is opened.
   * `waiting`: refused for a cause outside the record — the item is opened (or kept) Queued with the cause, no
   * attempt is counted, and its next attempt is left to the wait (see waits.ts), far in the future for the backoff.
   */
  needAction: ReadonlyArray<{ module: LoggedModule; relatedTo: number | null; xeroId: string | null; error: string; waiting?: boolean; direction?: LogDirection }> = [],
): Promise<{ gaveUp: QueueFailure[] }> {
  const changes: XTQueueChange[] = [];
  const created: XTQueueItem[] = [];
  const gaveUp: QueueFailure[] = [];
  let nextSequence = await nextQueueSequence(knex);
  for (const f of failures) {
    const key = keyOf(f.module, f.relatedTo, f.xeroId, f.direction);
    const error = f.relatedTo === null && f.xeroId ? `[Xero ${f.xeroId}] ${f.error}` : f.error;
    const existing = open.get(key);
    if (existing) {
      const attempts = existing.attempts + 1;
      const giveUp = attempts >= settings.maxAttempts;
      changes.push({
        crmid: existing.crmid,
        attempts,
        lastError: error,
        status: giveUp ? 'Failed' : 'Queued',
        nextAttemptAt: giveUp ? null : new Date(now.getTime() + backoffMs(attempts, settings.backoffMs)),
      });
      if (giveUp) {
        open.delete(key);
        gaveUp.push(f);
      } else {
        open.set(key, { ...existing, attempts, lastError: error });
      }
      continue;
    }
    created.push({
      module: f.module,
      relatedTo: f.relatedTo,
      direction: f.direction,
      status: 'Queued',
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + backoffMs(1, settings.backoffMs)),
      lastError: error,
      sequence: nextSequence++,
      ownerId: settings.ownerId,
    });
  }
  for (const s of succeeded) {
    for (const direction of s.direction ? [s.direction] : (['Vtiger to Xero', 'Xero to Vtiger'] as const)) {
      const key = keyOf(s.module, s.relatedTo, s.xeroId, direction);
      const existing = open.get(key);
      if (!existing) continue;
      changes.push({ crmid: existing.crmid, status: 'Done', nextAttemptAt: null });
      open.delete(key);
    }
  }
  for (const s of needAction) {
    if (s.waiting) {
      const direction = s.direction ?? 'Vtiger to Xero';
      const key = keyOf(s.module, s.relatedTo, s.xeroId, direction);
      const existing = open.get(key);
      const later = new Date(now.getTime() + WAITING_MS);
      if (existing) {
        changes.push({ crmid: existing.crmid, status: 'Queued', lastError: s.error, nextAttemptAt: later });
        open.set(key, { ...existing, lastError: s.error, nextAttemptAt: toSqlDateTime(later) });
      } else {
        created.push({ module: s.module, relatedTo: s.relatedTo, direction, status: 'Queued', attempts: 0, nextAttemptAt: later, lastError: s.error, sequence: nextSequence++, ownerId: settings.ownerId });
      }
      continue;
    }
    for (const direction of ['Vtiger to Xero', 'Xero to Vtiger'] as const) {
      const key = keyOf(s.module, s.relatedTo, s.xeroId, direction);
      const existing = open.get(key);
      if (!existing) continue;
      changes.push({ crmid: existing.crmid, status: 'Failed', lastError: s.error, nextAttemptAt: null });
      open.delete(key);
    }
  }
  if (changes.length > 0) await updateXTQueueItems(knex, changes, settings.write);
  if (created.length > 0) {
    const rows = await enqueueXTQueueItems(knex, created, settings.write);
    rows.forEach((r, i) => {
      const c = created[i];
      if (!c) return;
      const item: OpenQueueItem = {
        crmid: r.crmid, module: c.module, relatedTo: c.relatedTo ?? null, direction: c.direction, attempts: 1,
        nextAttemptAt: null, lastError: c.lastError ?? '', sequence: c.sequence ?? 0,
      };
      open.set(itemKey(item), item);
    });
  }
  return { gaveUp };
}

export function indexOpenItems(items: readonly OpenQueueItem[]): Map<string, OpenQueueItem> {
  return new Map(items.map((i) => [itemKey(i), i]));
}

async function nextQueueSequence(knex: Knex): Promise<number> {
  const rows = (await knex('vtiger_xtqueue').max({ s: 'xtq_sequence' })) as Array<{ s: number | null }>;
  return Number(rows[0]?.s ?? 0) + 1;
}
