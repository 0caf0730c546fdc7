import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { loadEntityModule, type EntityModule, type WritableField } from './entityModule.js';
import { formatDateTime, toColumnValue, type ColumnValue, type FieldInput } from './fieldValues.js';
import { allocateRecordNumbers } from './recordNumbers.js';

/**
 * Writes entity records the way Vtiger's save does (CRMEntity::saveentity, ../shared/vtiger/golden/
 * record-create-diff.md): a vtiger_crmentity row with an id from vtiger_crmentity_seq, the record number from
 * vtiger_modentity_num, the module table and its cf table, the record label, and the per-user row in
 * vtiger_crmentity_user_field — in one transaction, N records at once.
 *
 * Meant for XTiger's own modules (XTLog, XTQueue, XeroAccounts): Vtiger's event handlers (workflows, ModTracker)
 * do not run, which those modules do not use. Core records (Contacts, Invoices …) go through the webservice.
 */
export interface EntityRecordInput {
  /** Assigned user (smownerid). */
  ownerId: number;
  /** Field values by Vtiger field name (`xtl_status`, `related_to` …); absent fields are saved empty, as Vtiger does. */
  values: Readonly<Record<string, FieldInput>>;
}

export interface WriteOptions {
  /** The Vtiger user XTiger writes as (smcreatorid, modifiedby, the per-user row); default: each record's owner. */
  actingUserId?: number;
  /** vtiger_crmentity.source, upper-cased as Vtiger does; default XTIGER. */
  source?: string;
  clock?: Clock;
  /** How errors name a record (`XTLog entry 3`); default `<Module> record <n>`. */
  recordName?: (index: number) => string;
}

export interface CreatedRecord {
  crmid: number;
  /** `XTL12`; empty for a module without record numbers. */
  recordNumber: string;
  label: string;
}

/** Which field values Vtiger's save writes into a table on create: displaytype 1,3,4,6, presence 0 or 2. */
function savedOnCreate(field: WritableField): boolean {
  return [1, 3, 4, 6].includes(field.displaytype) && [0, 2].includes(field.presence);
}

function invalid(message: string, details: Record<string, unknown>): XTigerError {
  return new XTigerError('VTIGER_INVALID_DATA', message, { details });
}

/** Runs `work` in the given transaction, or in a new one. */
export function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Knex.Transaction) : db.transaction(work);
}

interface PreparedRecord {
  ownerId: number;
  actingUserId: number;
  /** table → column → value */
  tables: Map<string, Map<string, ColumnValue>>;
  labelParts: Map<string, string>;
}

function prepare(module: EntityModule, input: EntityRecordInput, index: number, options: WriteOptions): PreparedRecord {
  const name = options.recordName?.(index) ?? `${module.name} record ${index + 1}`;
  for (const key of Object.keys(input.values)) {
    const field = module.fields.get(key);
    if (!field) throw new XTigerError('VTIGER_UNKNOWN_FIELD', `${name}: ${module.name} has no field ${key}`, { details: { module: module.name, record: index, field: key } });
    if (field.table === 'vtiger_crmentity' || field.uitype === 4) {
      throw invalid(`${name}: ${field.label} (${key}) is set by the save itself`, { module: module.name, record: index, field: key });
    }
  }
  if (!Number.isSafeInteger(input.ownerId) || input.ownerId <= 0) {
    throw invalid(`${name}: Assigned To (assigned_user_id) must be a user id, got ${String(input.ownerId)}`, { module: module.name, record: index, field: 'assigned_user_id' });
  }
  const tables = new Map<string, Map<string, ColumnValue>>();
  const labelParts = new Map<string, string>();
  for (const field of module.fields.values()) {
    if (field.table === 'vtiger_crmentity' || field.table === 'vtiger_crmentity_user_field') continue;
    const given = Object.prototype.hasOwnProperty.call(input.values, field.name);
    // Fields Vtiger's save skips (displaytype 2 …) keep their column default unless we are given a value.
    if (!savedOnCreate(field) && !given) continue;
    if (field.uitype === 4) continue; // filled with the record number
    const converted = toColumnValue(field, input.values[field.name]);
    if (!converted.ok) throw invalid(`${name}: ${converted.problem}`, { module: module.name, record: index, field: field.name });
    let cols = tables.get(field.table);
    if (!cols) tables.set(field.table, (cols = new Map()));
    cols.set(field.column, converted.value);
    if (module.labelFields.includes(field.name)) labelParts.set(field.name, converted.value === null ? '' : String(converted.value));
  }
  return { ownerId: input.ownerId, actingUserId: options.actingUserId ?? input.ownerId, tables, labelParts };
}

/** Relation fields must point at live records of their target modules, owners at existing users or groups. */
async function checkReferences(trx: Knex.Transaction, module: EntityModule, prepared: PreparedRecord[], options: WriteOptions): Promise<void> {
  const refFields = [...module.fields.values()].filter((f) => f.uitype === 10 && f.relatedModules.length > 0);
  const ids = new Set<number>();
  for (const p of prepared) for (const f of refFields) {
    const v = p.tables.get(f.table)?.get(f.column);
    if (typeof v === 'number' && v !== 0) ids.add(v);
  }
  const found = new Map<number, { setype: string; deleted: number }>();
  if (ids.size > 0) {
    const [rs] = (await trx.raw(`SELECT crmid, setype, deleted FROM vtiger_crmentity WHERE crmid IN (${[...ids].map(() => '?').join(',')})`, [...ids])) as [Array<{ crmid: number; setype: string; deleted: number }>];
    for (const r of rs) found.set(r.crmid, r);
  }
  const owners = [...new Set(prepared.map((p) => p.ownerId))];
  const [ownerRows] = (await trx.raw(
    `SELECT id FROM vtiger_users WHERE id IN (${owners.map(() => '?').join(',')}) UNION SELECT groupid FROM vtiger_groups WHERE groupid IN (${owners.map(() => '?').join(',')})`,
    [...owners, ...owners],
  )) as [Array<{ id: number }>];
  const knownOwners = new Set(ownerRows.map((r) => r.id));
  prepared.forEach((p, index) => {
    const name = options.recordName?.(index) ?? `${module.name} record ${index + 1}`;
    if (!knownOwners.has(p.ownerId)) throw invalid(`${name}: Assigned To (assigned_user_id) ${p.ownerId} is no Vtiger user or group`, { module: module.name, record: index, field: 'assigned_user_id' });
    for (const f of refFields) {
      const v = p.tables.get(f.table)?.get(f.column);
      if (typeof v !== 'number' || v === 0) continue;
      const target = found.get(v);
      if (!target || target.deleted !== 0) throw invalid(`${name}: ${f.label} (${f.name}) points at record ${v}, which does not exist`, { module: module.name, record: index, field: f.name });
      if (!f.relatedModules.includes(target.setype)) {
        throw invalid(`${name}: ${f.label} (${f.name}) points at a ${target.setype} record; it relates to ${f.relatedModules.join(', ')}`, { module: module.name, record: index, field: f.name });
      }
    }
  });
}

/**
 * Locks the id counters in Vtiger's own order (vtiger_crmentity_seq, then the module's vtiger_modentity_num row),
 * so concurrent writers — ours and Vtiger's saves — queue instead of deadlocking or sharing numbers.
 */
export async function lockRecordCounters(trx: Knex.Transaction, module: EntityModule): Promise<{ crmSeq: number; numbering?: { numId: number; prefix: string; curId: string } }> {
  const [[seq]] = (await trx.raw('SELECT id FROM vtiger_crmentity_seq FOR UPDATE')) as [[{ id: number }]];
  if (!module.numberField) return { crmSeq: Number(seq.id) };
  const [[num]] = (await trx.raw("SELECT num_id, prefix, cur_id FROM vtiger_modentity_num WHERE semodule = ? AND active = '1' FOR UPDATE", [module.name])) as [[{ num_id: number; prefix: string; cur_id: string } | undefined]];
  if (!num) throw new XTigerError('VTIGER_UNKNOWN_MODULE', `${module.name} has no active record numbering (vtiger_modentity_num)`, { details: { module: module.name } });
  return { crmSeq: Number(seq.id), numbering: { numId: num.num_id, prefix: num.prefix, curId: String(num.cur_id) } };
}

/** Creates records; all or none. Validation errors are thrown before anything is written. */
export async function createEntityRecords(db: Knex, moduleName: string, inputs: readonly EntityRecordInput[], options: WriteOptions = {}): Promise<CreatedRecord[]> {
  if (inputs.length === 0) return [];
  const module = await loadEntityModule(db, moduleName);
  const prepared = inputs.map((input, i) => prepare(module, input, i, options));
  const now = formatDateTime(new Date((options.clock ?? systemClock).now()));
  const source = (options.source ?? 'XTIGER').toUpperCase();
  return inTransaction(db, async (trx) => {
    await checkReferences(trx, module, prepared, options);
    const counters = await lockRecordCounters(trx, module);
    const firstId = counters.crmSeq + 1;
    await trx.raw('UPDATE vtiger_crmentity_seq SET id = ?', [counters.crmSeq + prepared.length]);
    let numbers: string[] = [];
    if (counters.numbering && module.numberField) {
      const alloc = allocateRecordNumbers(counters.numbering.prefix, counters.numbering.curId, prepared.length);
      numbers = alloc.numbers;
      await trx.raw('UPDATE vtiger_modentity_num SET cur_id = ? WHERE num_id = ?', [alloc.nextCurId, counters.numbering.numId]);
      for (const [i, p] of prepared.entries()) {
        const f = module.numberField;
        let cols = p.tables.get(f.table);
        if (!cols) p.tables.set(f.table, (cols = new Map()));
        cols.set(f.column, numbers[i] ?? '');
        if (module.labelFields.includes(f.name)) p.labelParts.set(f.name, numbers[i] ?? '');
      }
    }
    const created: CreatedRecord[] = prepared.map((p, i) => ({
      crmid: firstId + i,
      recordNumber: numbers[i] ?? '',
      label: module.labelFields.map((f) => p.labelParts.get(f) ?? '').join(' ').trim(),
    }));
    await trx('vtiger_crmentity').insert(prepared.map((p, i) => ({
      crmid: firstId + i, smcreatorid: p.actingUserId, smownerid: p.ownerId, modifiedby: p.actingUserId, setype: module.name, description: null,
      createdtime: now, modifiedtime: now, source, label: created[i]?.label ?? '', smgroupid: 0,
    })));
    const tables = [module.baseTable, ...(module.customTable ? [module.customTable] : [])];
    for (const p of prepared) for (const t of p.tables.keys()) if (!tables.includes(t)) tables.push(t);
    for (const table of tables) {
      const index = table === module.baseTable ? module.baseIndex : (table === module.customTable ? module.baseIndex : undefined);
      if (!index) throw new XTigerError('VTIGER_INVALID_DATA', `${module.name}: don't know how table ${table} joins the record`, { details: { module: module.name, table } });
      await trx(table).insert(prepared.map((p, i) => ({ [index]: firstId + i, ...Object.fromEntries(p.tables.get(table) ?? []) })));
    }
    if (module.hasUserFieldRow) {
      await trx('vtiger_crmentity_user_field').insert(prepared.map((p, i) => ({ recordid: firstId + i, userid: p.actingUserId, starred: '0' })));
    }
    return created;
  });
}

export interface EntityRecordUpdate {
  crmid: number;
  values: Readonly<Record<string, FieldInput>>;
}

/**
 * Updates fields of existing records of the module, touching vtiger_crmentity.modifiedtime / modifiedby (and the
 * label when a label field changes) as Vtiger's save does. Records with equal new values share one UPDATE.
 */
export async function updateEntityRecords(db: Knex, moduleName: string, updates: readonly EntityRecordUpdate[], options: WriteOptions & { actingUserId: number }): Promise<number> {
  if (updates.length === 0) return 0;
  const module = await loadEntityModule(db, moduleName);
  const groups = new Map<string, { crmids: number[]; tables: Map<string, Map<string, ColumnValue>>; labelChanged: boolean }>();
  updates.forEach((u, index) => {
    const name = options.recordName?.(index) ?? `${module.name} record ${u.crmid}`;
    const tables = new Map<string, Map<string, ColumnValue>>();
    let labelChanged = false;
    for (const [key, input] of Object.entries(u.values)) {
      const field = module.fields.get(key);
      if (!field) throw new XTigerError('VTIGER_UNKNOWN_FIELD', `${name}: ${module.name} has no field ${key}`, { details: { module: module.name, record: u.crmid, field: key } });
      if (field.table === 'vtiger_crmentity' || field.uitype === 4 || field.table === 'vtiger_crmentity_user_field') {
        throw invalid(`${name}: ${field.label} (${key}) cannot be changed here`, { module: module.name, record: u.crmid, field: key });
      }
      const converted = toColumnValue(field, input);
      if (!converted.ok) throw invalid(`${name}: ${converted.problem}`, { module: module.name, record: u.crmid, field: key });
      let cols = tables.get(field.table);
      if (!cols) tables.set(field.table, (cols = new Map()));
      cols.set(field.column, converted.value);
      if (module.labelFields.includes(key)) labelChanged = true;
    }
    const key = JSON.stringify([...tables].map(([t, c]) => [t, [...c]]));
    const g = groups.get(key) ?? { crmids: [], tables, labelChanged };
    g.crmids.push(u.crmid);
    groups.set(key, g);
  });
  const now = formatDateTime(new Date((options.clock ?? systemClock).now()));
  return inTransaction(db, async (trx) => {
    let changed = 0;
    for (const g of groups.values()) {
      const ids = g.crmids;
      const marks = ids.map(() => '?').join(',');
      const [live] = (await trx.raw(`SELECT crmid FROM vtiger_crmentity WHERE crmid IN (${marks}) AND setype = ? AND deleted = 0`, [...ids, module.name])) as [Array<{ crmid: number }>];
      if (live.length !== new Set(ids).size) {
        const liveIds = new Set(live.map((r) => r.crmid));
        const missing = ids.filter((id) => !liveIds.has(id));
        throw new XTigerError('VTIGER_RECORD_NOT_FOUND', `${module.name} record(s) ${missing.join(', ')} do not exist`, { details: { module: module.name, records: missing } });
      }
      for (const [table, cols] of g.tables) {
        const index = module.baseIndex;
        await trx(table).whereIn(index, ids).update(Object.fromEntries(cols));
      }
      await trx('vtiger_crmentity').whereIn('crmid', ids).update({ modifiedby: options.actingUserId, modifiedtime: now });
      if (g.labelChanged) {
        const labelCols = module.labelFields.map((f) => module.fields.get(f)).filter((f): f is WritableField => f !== undefined);
        const joins = [module.baseTable, ...(module.customTable ? [module.customTable] : [])];
        const concat = labelCols.map(() => "COALESCE(??.??, '')").join(', ');
        await trx.raw(
          `UPDATE vtiger_crmentity c ${joins.map(() => 'JOIN ?? ON ??.?? = c.crmid').join(' ')} SET c.label = TRIM(CONCAT_WS(' ', ${concat})) WHERE c.crmid IN (${marks})`,
          [...joins.flatMap((t) => [t, t, module.baseIndex]), ...labelCols.flatMap((f) => [f.table, f.column]), ...ids],
        );
      }
      changed += ids.length;
    }
    return changed;
  });
}
