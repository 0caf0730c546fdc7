import type { Knex } from 'knex';
import { encodeHtmlEntities } from '../../vtiger/webservice/htmlEntities.js';
import type { ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import type { ColumnValue, StoredValues } from './recordRows.js';

/**
 * Vtiger's record history (ModTracker): one vtiger_modtracker_basic row per save (id from
 * vtiger_modtracker_basic_seq; status 2 = created, 0 = updated, 1 = deleted) and vtiger_modtracker_detail rows
 * with field name, previous and new value, both HTML-encoded (`M&uuml;ller`). A create lists the label, every
 * active field holding a value (not NULL, '' or '0'), then record_id and record_module.
 * Only modules listed in vtiger_modtracker_tabs keep history.
 */
export const HISTORY_STATUS = { updated: 0, deleted: 1, created: 2 } as const;

const NEVER_TRACKED = new Set(['modifiedtime', 'starred']);

function historyValue(value: ColumnValue): string | null {
  return value === null ? null : encodeHtmlEntities(String(value));
}

function hasValue(value: ColumnValue): boolean {
  return value !== null && String(value) !== '' && String(value) !== '0';
}

async function nextHistoryId(knex: Knex): Promise<number> {
  const row = (await knex('vtiger_modtracker_basic_seq').forUpdate().first('id')) as { id: number } | undefined;
  const id = Number(row?.id ?? 0) + 1;
  if (row) await knex('vtiger_modtracker_basic_seq').update({ id });
  else await knex('vtiger_modtracker_basic_seq').insert({ id });
  return id;
}

interface HistoryEntry {
  crmid: number;
  userId: number;
  changedOn: string;
  status: number;
  details: Array<{ fieldname: string; prevalue: string | null; postvalue: string | null }>;
}

async function writeHistory(knex: Knex, meta: ModuleMetadata, entry: HistoryEntry): Promise<void> {
  const id = await nextHistoryId(knex);
  await knex('vtiger_modtracker_basic').insert({ id, crmid: entry.crmid, module: meta.name, whodid: entry.userId, changedon: entry.changedOn, status: entry.status });
  if (entry.details.length > 0) await knex('vtiger_modtracker_detail').insert(entry.details.map((d) => ({ id, ...d })));
}

export async function recordCreateHistory(
  knex: Knex,
  meta: ModuleMetadata,
  args: { crmid: number; userId: number; now: string; label: string; values: StoredValues; status?: number },
): Promise<void> {
  const details = [{ fieldname: 'label', prevalue: null, postvalue: historyValue(args.label) }];
  for (const field of meta.fields) {
    if (!field.active || NEVER_TRACKED.has(field.name) || field.name === 'source') continue;
    const value = args.values.get(field.name) ?? null;
    if (hasValue(value)) details.push({ fieldname: field.name, prevalue: null, postvalue: historyValue(value) });
  }
  const source = args.values.get('source');
  if (source) details.push({ fieldname: 'source', prevalue: null, postvalue: historyValue(source) });
  details.push({ fieldname: 'record_id', prevalue: null, postvalue: String(args.crmid) }, { fieldname: 'record_module', prevalue: null, postvalue: meta.name });
  await writeHistory(knex, meta, { crmid: args.crmid, userId: args.userId, changedOn: args.now, status: args.status ?? HISTORY_STATUS.created, details });
}

/** An update: only the fields whose stored value changed; nothing when nothing changed. */
export async function recordUpdateHistory(
  knex: Knex,
  meta: ModuleMetadata,
  args: { crmid: number; userId: number; now: string; before: StoredValues; after: StoredValues; labelBefore: string; labelAfter: string },
): Promise<void> {
  const details: HistoryEntry['details'] = [];
  if (args.labelBefore !== args.labelAfter) details.push({ fieldname: 'label', prevalue: historyValue(args.labelBefore), postvalue: historyValue(args.labelAfter) });
  for (const field of meta.fields) {
    if (!field.active || NEVER_TRACKED.has(field.name) || field.name === 'modifiedby') continue;
    const before = args.before.get(field.name) ?? null;
    const after = args.after.get(field.name) ?? null;
    if (String(before ?? '') === String(after ?? '')) continue;
    details.push({ fieldname: field.name, prevalue: historyValue(before), postvalue: historyValue(after) });
  }
  if (details.length === 0) return;
  await writeHistory(knex, meta, { crmid: args.crmid, userId: args.userId, changedOn: args.now, status: HISTORY_STATUS.updated, details });
}

export async function recordDeleteHistory(knex: Knex, meta: ModuleMetadata, args: { crmid: number; userId: number; now: string }): Promise<void> {
  await writeHistory(knex, meta, { crmid: args.crmid, userId: args.userId, changedOn: args.now, status: HISTORY_STATUS.deleted, details: [] });
}
