import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';

/** Where a scan of a module's changes stopped: the last record seen, in (modifiedtime, crmid) order. */
export interface ChangeCheckpoint {
  /** vtiger_crmentity.modifiedtime as stored (`yyyy-mm-dd hh:mm:ss`, UTC). */
  modifiedTime: string;
  crmid: number;
}

export interface ChangedRecord {
  crmid: number;
  modifiedTime: string;
  /** vtiger_crmentity.deleted = 1: in Vtiger's recycle bin (or deleted through the webservice). */
  deleted: boolean;
}

export interface ChangeFeedOptions {
  /** Records per page (one query each); default 1000. */
  pageSize?: number;
  /**
   * Leave out records modified less than this many seconds ago (by the database clock). modifiedtime has
   * one-second resolution, so a record saved later within the checkpoint's second but with a lower crmid
   * would sort before the checkpoint and be missed; waiting until a second is over closes that gap.
   * Default 0 (no wait). Only meaningful when Vtiger's and the database's clocks agree.
   */
  settleSeconds?: number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function checkCheckpoint(module: string, since: ChangeCheckpoint): void {
  if (!DATETIME.test(since.modifiedTime) || !Number.isSafeInteger(since.crmid) || since.crmid < 0) {
    throw new XTigerError('BAD_REQUEST', `The change checkpoint for ${module} is invalid: expected {modifiedTime: "yyyy-mm-dd hh:mm:ss", crmid: integer}, got ${JSON.stringify(since)}.`, {
      details: { module, checkpoint: since },
    });
  }
}

/** XTiger's index on vtiger_crmentity (migration 0006), when installed. */
export const CHANGE_INDEX = 'xtiger_crmentity_changes_idx';

async function hasChangeIndex(knex: Knex): Promise<boolean> {
  const rows = (await knex
    .select({ one: knex.raw('1') })
    .from('information_schema.STATISTICS')
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .andWhere({ TABLE_NAME: 'vtiger_crmentity', INDEX_NAME: CHANGE_INDEX })
    .limit(1)) as unknown[];
  return rows.length > 0;
}

async function requireModule(knex: Knex, module: string): Promise<void> {
  const tab = (await knex('vtiger_tab').select('name').where('name', module)) as Array<{ name: string }>;
  if (!tab.some((t) => t.name === module)) {
    throw new XTigerError('VTIGER_UNKNOWN_MODULE', `Vtiger has no module named "${module}", so it has no changes to read.`, { details: { module } });
  }
}

/**
 * The records of `module` created, modified or deleted after `since` (everything when null), oldest first by
 * (modifiedtime, crmid), as pages read with a keyset cursor: memory stays one page whatever the table size.
 * The last item of each page is the checkpoint to store once that page is processed.
 *
 * Each page is one query: `WHERE setype = ? AND (modifiedtime > ? OR (modifiedtime = ? AND crmid > ?))
 * ORDER BY modifiedtime, crmid LIMIT n`.
 */
export async function* readChanges(knex: Knex, module: string, since: ChangeCheckpoint | null, options: ChangeFeedOptions = {}): AsyncGenerator<ChangedRecord[], void, undefined> {
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new XTigerError('BAD_REQUEST', `Change feed page size must be a positive integer, got ${pageSize}.`);
  if (since) checkCheckpoint(module, since);
  const [, indexed] = await Promise.all([requireModule(knex, module), hasChangeIndex(knex)]);
  // MariaDB's optimizer picks a `ref` on setype alone for early checkpoints (then skips all older rows one by
  // one, ~10x slower); forcing the index makes every page a range read on (setype, modifiedtime, crmid).
  const table = indexed ? knex.raw('?? FORCE INDEX (??)', ['vtiger_crmentity', CHANGE_INDEX]) : 'vtiger_crmentity';

  let until: string | undefined;
  if (options.settleSeconds && options.settleSeconds > 0) {
    const [rows] = (await knex.raw('SELECT DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL ? SECOND, ?) AS t', [Math.floor(options.settleSeconds), '%Y-%m-%d %H:%i:%s'])) as [Array<{ t: string }>];
    until = rows[0]?.t;
  }

  let cursor = since;
  for (;;) {
    const query = knex.from(table).select('crmid', 'modifiedtime', 'deleted').where('setype', module);
    if (cursor) {
      const { modifiedTime, crmid } = cursor;
      // Written as OR rather than a row comparison so MariaDB uses an index range on (setype, modifiedtime, crmid).
      query.andWhere((q) => q.where('modifiedtime', '>', modifiedTime).orWhere((q2) => q2.where('modifiedtime', '=', modifiedTime).andWhere('crmid', '>', crmid)));
    }
    if (until) query.andWhere('modifiedtime', '<=', until);
    const rows = (await query.orderBy([{ column: 'modifiedtime' }, { column: 'crmid' }]).limit(pageSize)) as Array<{ crmid: number; modifiedtime: string; deleted: number }>;
    if (rows.length === 0) return;
    const page = rows.map((r): ChangedRecord => ({ crmid: r.crmid, modifiedTime: r.modifiedtime, deleted: Number(r.deleted) === 1 }));
    yield page;
    if (rows.length < pageSize) return;
    const last = page[page.length - 1]!;
    cursor = { modifiedTime: last.modifiedTime, crmid: last.crmid };
  }
}

/** The checkpoint after a page: its last item. */
export function checkpointAfter(page: readonly ChangedRecord[]): ChangeCheckpoint | undefined {
  const last = page[page.length - 1];
  return last ? { modifiedTime: last.modifiedTime, crmid: last.crmid } : undefined;
}
