import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { translate } from '../../i18n/translate.js';
import { toSqlDateTime } from '../values/normalise.js';
import type { SyncReason } from '../types.js';

/**
 * Why a refused record waits, as a value (table `xtiger_record_waits`, migration 0008), and when it may go again:
 * - `parent`: its organization, contact or item is not in Xero (ref: the parent's crmid) → as soon as the parent
 *   is linked (synced in this run or a later one);
 * - `twin`: another record holds its Item Code or name (ref: that record's crmid) → as soon as either is edited;
 * - `taxRate` / `currency`: the Xero organisation lacks it (ref: the rate or currency) → as soon as the
 *   organisation's tax rates or currencies changed (their hash differs from the one kept at refusal);
 * - `needsAction`: its own data (ref: the field) → when the record is edited (the change feed brings it);
 * - `locked`: an invoice's Xero document no longer takes edits (ref: its Xero id; facts hash: the hash of the
 *   refused change) → as soon as the document lets the change through (invoices/lockedWaits.ts);
 * - `retry`: the queue's backoff decides.
 * The row also keeps the refusal's reason, so a child waiting for its parent can say why the parent was refused.
 */
export const WAIT_CAUSES = ['parent', 'twin', 'taxRate', 'currency', 'locked', 'needsAction', 'retry'] as const;
export type WaitCause = (typeof WAIT_CAUSES)[number];

export interface RecordWait {
  cause: WaitCause;
  ref: string | null;
  reason: SyncReason;
  factsHash?: string | null;
  /** When the wait began (SQL text), for a wait kept as it was; default: the time of the outcome. */
  since?: string;
}

export interface StoredWait extends RecordWait {
  module: string;
  crmid: number;
  since: string;
}

const TABLE = 'xtiger_record_waits';

interface Row {
  module: string;
  crmid: number;
  cause: string;
  ref: string | null;
  reason: string;
  facts_hash: string | null;
  since: string | Date;
}

function fromRow(r: Row): StoredWait {
  return {
    module: r.module,
    crmid: Number(r.crmid),
    cause: (WAIT_CAUSES as readonly string[]).includes(r.cause) ? (r.cause as WaitCause) : 'retry',
    ref: r.ref,
    reason: JSON.parse(r.reason) as SyncReason,
    factsHash: r.facts_hash,
    since: r.since instanceof Date ? toSqlDateTime(r.since) : String(r.since),
  };
}

/** A record's wait replaced by its outcome of this run: `wait` undefined clears it (the record went, or was left alone). */
export async function saveWaits(db: Knex, module: string, changes: ReadonlyArray<{ crmid: number; wait: RecordWait | undefined }>, at: Date): Promise<void> {
  if (changes.length === 0) return;
  const crmids = [...new Set(changes.map((c) => c.crmid))];
  for (let i = 0; i < crmids.length; i += 500) await db(TABLE).where({ module }).whereIn('crmid', crmids.slice(i, i + 500)).delete();
  const twinStamps = await twinModifiedTimes(db, changes);
  const rows = changes.flatMap((c) =>
    c.wait
      ? [{ module, crmid: c.crmid, cause: c.wait.cause, ref: c.wait.ref?.slice(0, 255) ?? null, reason: JSON.stringify(c.wait.reason), facts_hash: (c.wait.cause === 'twin' ? twinStamps.get(c.wait.ref ?? '') : undefined) ?? c.wait.factsHash ?? null, since: c.wait.since ?? toSqlDateTime(at) }]
      : [],
  );
  const unique = [...new Map(rows.map((r) => [r.crmid, r])).values()];
  if (unique.length > 0) await db(TABLE).insert(unique);
}

/** The modifiedtime of each twin named by these waits, as the refusal saw it (kept in `facts_hash`; see dueWaits). */
async function twinModifiedTimes(db: Knex, changes: ReadonlyArray<{ wait: RecordWait | undefined }>): Promise<Map<string, string>> {
  const refs = [...new Set(changes.flatMap((c) => (c.wait?.cause === 'twin' && c.wait.ref !== null && /^\d+$/.test(c.wait.ref) ? [Number(c.wait.ref)] : [])))];
  const out = new Map<string, string>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows = (await db('vtiger_crmentity').whereIn('crmid', refs.slice(i, i + 500)).select('crmid', 'modifiedtime')) as Array<{ crmid: number; modifiedtime: string | Date | null }>;
    for (const r of rows) if (r.modifiedtime !== null) out.set(String(r.crmid), r.modifiedtime instanceof Date ? toSqlDateTime(r.modifiedtime) : String(r.modifiedtime));
  }
  return out;
}

export async function readWaits(db: Knex, modules: readonly string[], crmids?: readonly number[]): Promise<StoredWait[]> {
  if (modules.length === 0) return [];
  const q = db(TABLE).whereIn('module', [...modules]);
  if (crmids) {
    if (crmids.length === 0) return [];
    q.whereIn('crmid', [...crmids]);
  }
  return ((await q.select('*')) as Row[]).map(fromRow);
}

/** The reasons records were refused with, by crmid (any module): what a child names as its parent's cause. */
export async function refusalReasons(db: Knex, crmids: readonly number[]): Promise<Map<number, SyncReason>> {
  const ids = [...new Set(crmids)];
  if (ids.length === 0) return new Map();
  const rows = (await db(TABLE).whereIn('crmid', ids).select('*')) as Row[];
  return new Map(rows.map(fromRow).map((w) => [w.crmid, w.reason]));
}

/** The root-cause text of a parent: why it was refused, that it is archived in Xero, or that it was not sent yet. */
export function parentCause(language: string | undefined, parentLabel: string, parentReason: SyncReason | undefined, archived = false): string {
  if (archived) return translate(language, 'sync.waiting.parentArchived', { parent: parentLabel });
  if (!parentReason) return translate(language, 'sync.waiting.parentNotSent', { parent: parentLabel });
  return translate(language, 'sync.waiting.parentRefused', { parent: parentLabel, cause: translate(language, parentReason.key, parentReason.params) });
}

/** Parents (crmids) whose Xero record is archived: a child waits for it to be restored in Xero. */
export async function archivedInXero(db: Knex, crmids: readonly number[]): Promise<Set<number>> {
  const ids = [...new Set(crmids)];
  if (ids.length === 0) return new Set();
  const rows = (await db('xtiger_links').whereIn('crmid', ids).where('state', 'xeroArchived').select('crmid')) as Array<{ crmid: number }>;
  return new Set(rows.map((r) => Number(r.crmid)));
}

/** The organisation's facts a wait may depend on, one Xero read each (/TaxRates, /Currencies). */
export type OrganisationFactKind = 'taxRate' | 'currency';
export type OrganisationFactHashes = Partial<Record<OrganisationFactKind, string>>;

/** Hash of what a tax or currency refusal depends on: the organisation's tax rates and currencies. */
export function organisationFactsHash(rates: ReadonlyArray<{ taxType: string; effectiveRate: { toString(): string }; active: boolean }>, currencies: Iterable<string>): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ rates: [...rates].map((r) => `${r.taxType}:${r.effectiveRate.toString()}:${r.active ? 1 : 0}`).sort(), currencies: [...currencies].sort() }));
  return h.digest('hex');
}

/**
 * One hash per kind of fact, so a run can recheck tax waits from /TaxRates alone and currency waits from
 * /Currencies alone (each kind of wait stores the hash of its own kind).
 */
export function organisationFactHashes(rates: ReadonlyArray<{ taxType: string; effectiveRate: { toString(): string }; active: boolean }>, currencies: Iterable<string>): Required<OrganisationFactHashes> {
  return { taxRate: organisationFactsHash(rates, []), currency: organisationFactsHash([], currencies) };
}

/**
 * Which of the organisation's facts this run reads to recheck tax and currency waits: at most one Xero call a run.
 * Only the kinds that wait are read; when both wait, the one not read last time, so each is rechecked every other run.
 */
export function factToRecheck(waits: readonly Pick<StoredWait, 'cause'>[], lastRead: OrganisationFactKind | undefined): OrganisationFactKind | undefined {
  const tax = waits.some((w) => w.cause === 'taxRate');
  const currency = waits.some((w) => w.cause === 'currency');
  if (tax && currency) return lastRead === 'taxRate' ? 'currency' : 'taxRate';
  return tax ? 'taxRate' : currency ? 'currency' : undefined;
}

/**
 * Which waiting records may go now (pure): parents linked, twins edited since, the organisation's facts changed.
 * `linked`: crmids that are linked now; `editedSince`: crmid → modifiedtime (SQL text) of the refs; `factsHash`:
 * the organisation's facts now, per kind (a kind not read this run: its waits stay).
 */
export function dueWaits(waits: readonly StoredWait[], now: { linked: ReadonlySet<number>; modified: ReadonlyMap<number, string | null>; factsHash: OrganisationFactHashes | undefined }): number[] {
  const due: number[] = [];
  for (const w of waits) {
    const ref = w.ref !== null && /^\d+$/.test(w.ref) ? Number(w.ref) : undefined;
    switch (w.cause) {
      case 'parent':
        if (ref !== undefined && now.linked.has(ref)) due.push(w.crmid);
        break;
      case 'twin': {
        if (ref === undefined) break;
        const modified = now.modified.get(ref);
        // Deleted (gone from the map) or edited since the refusal: the clash may be over. The twin's modifiedtime at
        // the refusal is kept (`factsHash`), so an edit is seen whatever the clocks of XTiger and Vtiger say, even
        // in the second of the refusal; rows without it compare with the refusal's time.
        if (modified === undefined || modified === null) due.push(w.crmid);
        else if (w.factsHash ? modified.slice(0, 19) !== w.factsHash.slice(0, 19) : modified.slice(0, 19) > w.since.slice(0, 19)) due.push(w.crmid);
        break;
      }
      case 'taxRate':
      case 'currency': {
        const current = now.factsHash?.[w.cause];
        if (current !== undefined && w.factsHash !== current) due.push(w.crmid);
        break;
      }
      default:
        break;
    }
  }
  return due;
}

/** The facts `dueWaits` needs about the refs of these waits: which are linked (any pair) and when each was modified. */
export async function waitFacts(db: Knex, waits: readonly StoredWait[]): Promise<{ linked: Set<number>; modified: Map<number, string | null> }> {
  const refs = [...new Set(waits.filter((w) => w.cause === 'parent' || w.cause === 'twin').flatMap((w) => (w.ref !== null && /^\d+$/.test(w.ref) ? [Number(w.ref)] : [])))];
  const linked = new Set<number>();
  const modified = new Map<number, string | null>();
  for (let i = 0; i < refs.length; i += 500) {
    const chunk = refs.slice(i, i + 500);
    const links = (await db('xtiger_links').whereIn('crmid', chunk).where('state', 'active').select('crmid')) as Array<{ crmid: number }>;
    for (const l of links) linked.add(Number(l.crmid));
    const rows = (await db('vtiger_crmentity').whereIn('crmid', chunk).andWhere('deleted', 0).select('crmid', 'modifiedtime')) as Array<{ crmid: number; modifiedtime: string | Date | null }>;
    for (const r of rows) modified.set(Number(r.crmid), r.modifiedtime instanceof Date ? toSqlDateTime(r.modifiedtime) : r.modifiedtime);
  }
  return { linked, modified };
}
