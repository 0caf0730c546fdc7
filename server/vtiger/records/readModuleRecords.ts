import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { ModuleMetadataCache } from '../schema/ModuleMetadataCache.js';
import type { FieldMetadata, ModuleMetadata } from '../schema/moduleMetadata.js';
import { XERO_FIELDS, XERO_INVOICE_TYPE_FIELD, type SyncedModule } from '../xeroInformationBlock.js';
import { CURRENCY_TABLE, joinCurrency, readCurrency } from './currencies.js';
import { joinOwner, OWNER_GROUP, OWNER_USER, readOwner } from './owners.js';
import { RecordRow, type RowSource } from './recordRow.js';
import type { VtigerCurrency, VtigerRecordBase, XeroInformation } from './recordTypes.js';

/** Ids per IN (…) list: one joined query per batch (plus the module's batch extras: line items, taxes). */
export const READ_BATCH_SIZE = 1000;

const CRMENTITY = 'vtiger_crmentity';
const CRMENTITY_COLUMNS = ['crmid', 'smownerid', 'createdtime', 'modifiedtime', 'deleted', 'label', 'description'] as const;

/** What a module file declares: its columns per table and how a row becomes a typed record. */
export interface ModuleRecordSpec<TRecord, TBatch = undefined> {
  module: SyncedModule;
  /** Columns to read per table (besides vtiger_crmentity's). Tables are keyed as the module metadata lists them. */
  columns: Readonly<Record<string, readonly string[]>>;
  recordNumber: { table: string; column: string };
  /** Where the record's currency id is stored, for modules that have one. */
  currency?: { table: string; column: string };
  /** Batch-wide data besides the module's tables (line items, taxes): one query per batch. */
  loadBatch?: (knex: Knex, ids: readonly number[], meta: ModuleMetadata) => Promise<TBatch>;
  build(row: RecordRow, base: VtigerRecordBase, context: BuildContext<TBatch>): TRecord;
}

export interface BuildContext<TBatch> {
  batch: TBatch;
  /** The record's currency (null when the module has none or the id is unknown). */
  currency: VtigerCurrency | null;
}

export interface ReadOptions {
  /** Metadata cache to use; the knex instance's shared one by default. */
  metadata?: ModuleMetadataCache;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The module's custom fields and Xero Information block fields, which the module files do not list. */
function metadataFields(meta: ModuleMetadata): FieldMetadata[] {
  const xeroNames = new Set<string>([...Object.values(XERO_FIELDS).map((f) => f.fieldname), XERO_INVOICE_TYPE_FIELD.fieldname]);
  return meta.fields.filter((f) => f.isCustom || xeroNames.has(f.name));
}

/** Columns per table: the module file's list plus the metadata fields that live in per-record tables. */
function columnsToRead(spec: ModuleRecordSpec<unknown, unknown>, meta: ModuleMetadata): Map<string, Set<string>> {
  const byTable = new Map<string, Set<string>>();
  const add = (table: string, column: string): void => {
    const set = byTable.get(table) ?? new Set<string>();
    set.add(column);
    byTable.set(table, set);
  };
  for (const [table, columns] of Object.entries(spec.columns)) for (const c of columns) add(table, c);
  const recordTables = new Set(meta.tables.filter((t) => t.kind === 'record').map((t) => t.name));
  for (const f of metadataFields(meta)) if (recordTables.has(f.table) && f.table !== CRMENTITY) add(f.table, f.column);
  return byTable;
}

function tableIndex(meta: ModuleMetadata, table: string): string {
  const found = meta.tables.find((t) => t.name === table && t.kind === 'record');
  if (!found) throw new XTigerError('VTIGER_INVALID_DATA', `Vtiger module ${meta.name} has no per-record table ${table}.`, { details: { module: meta.name, table } });
  return found.index;
}

/** One joined table of the batch query: its alias, and the column whose NULL means "no row". */
interface JoinedTable {
  table: string;
  alias: string;
  key: string;
  columns: string[];
}

/**
 * Where each table's columns are in a joined result row (`alias__column` keys), worked out once per batch
 * rather than per value: this runs for every column of every record of a 100,000-record scan.
 */
class JoinedLayout {
  readonly keys = new Map<string, { present: string; columns: Map<string, string> }>();

  constructor(tables: readonly JoinedTable[]) {
    for (const t of tables) {
      this.keys.set(t.table, { present: `${t.alias}__${t.key}`, columns: new Map(t.columns.map((c) => [c, `${t.alias}__${c}`])) });
    }
  }
}

/** One joined result row read as per-table rows (a class, not closures: one of these per record). */
class JoinedRow implements RowSource {
  constructor(
    private readonly layout: JoinedLayout,
    private readonly joined: Record<string, unknown>,
  ) {}

  has(table: string): boolean {
    const k = this.layout.keys.get(table);
    if (k === undefined) return false;
    const present = this.joined[k.present];
    return present !== null && present !== undefined;
  }

  get(table: string, column: string): unknown {
    const key = this.layout.keys.get(table)?.columns.get(column);
    return key === undefined ? undefined : this.joined[key];
  }
}

/**
 * One query for the whole batch: vtiger_crmentity joined with the module's tables (by their key column), the
 * owner (user or group) and the currency. Vtiger's record tables are keyed by crmid, so these are primary-key
 * joins; one round trip instead of one per table matters when pages come one after another.
 */
function batchQuery(knex: Knex, spec: ModuleRecordSpec<unknown, unknown>, meta: ModuleMetadata, ids: readonly number[]): { query: Knex.QueryBuilder; tables: JoinedTable[] } {
  const entity: JoinedTable = { table: CRMENTITY, alias: 'e', key: 'crmid', columns: [...CRMENTITY_COLUMNS] };
  const tables: JoinedTable[] = [entity];
  let query = knex(`${CRMENTITY} as e`)
    .select(Object.fromEntries(entity.columns.map((c) => [`e__${c}`, `e.${c}`])))
    .whereIn('e.crmid', ids)
    .andWhere('e.setype', spec.module);
  let n = 0;
  for (const [table, columnSet] of columnsToRead(spec, meta)) {
    const alias = `t${n++}`;
    const key = tableIndex(meta, table);
    const columns = [...new Set([key, ...columnSet])];
    tables.push({ table, alias, key, columns });
    query = query.leftJoin(`${table} as ${alias}`, `${alias}.${key}`, 'e.crmid').select(Object.fromEntries(columns.map((c) => [`${alias}__${c}`, `${alias}.${c}`])));
  }
  query = joinOwner(query, 'e');
  tables.push({ table: OWNER_USER, alias: 'ou', key: 'id', columns: ['id', 'user_name', 'first_name', 'last_name'] });
  tables.push({ table: OWNER_GROUP, alias: 'og', key: 'groupid', columns: ['groupid', 'groupname'] });
  if (spec.currency) {
    const holder = tables.find((t) => t.table === spec.currency!.table);
    if (!holder) throw new XTigerError('VTIGER_INVALID_DATA', `${spec.module}: the currency column's table ${spec.currency.table} is not read.`);
    query = joinCurrency(query, `${holder.alias}.${spec.currency.column}`);
    tables.push({ table: CURRENCY_TABLE, alias: 'cur', key: 'id', columns: ['id', 'currency_code', 'currency_symbol', 'currency_name', 'conversion_rate'] });
  }
  return { query, tables };
}

/** The module's custom fields and Xero block fields, looked up once per read rather than per record. */
interface MetadataFieldPlan {
  custom: FieldMetadata[];
  xero: { allow?: FieldMetadata; xeroId?: FieldMetadata; status?: FieldMetadata; lastSync?: FieldMetadata; invoiceType?: FieldMetadata } | undefined;
}

function metadataFieldPlan(meta: ModuleMetadata): MetadataFieldPlan {
  const field = (name: string): FieldMetadata | undefined => meta.fields.find((f) => f.name === name);
  const xero = {
    allow: field(XERO_FIELDS.allowSync.fieldname),
    xeroId: field(XERO_FIELDS.xeroId.fieldname),
    status: field(XERO_FIELDS.syncStatus.fieldname),
    lastSync: field(XERO_FIELDS.lastSync.fieldname),
    invoiceType: meta.name === 'Invoice' ? field(XERO_INVOICE_TYPE_FIELD.fieldname) : undefined,
  };
  const installed = Object.values(xero).some((f) => f !== undefined);
  return { custom: meta.fields.filter((f) => f.isCustom), xero: installed ? xero : undefined };
}

function xeroInformation(row: RecordRow, meta: ModuleMetadata, plan: MetadataFieldPlan): XeroInformation | undefined {
  const x = plan.xero;
  if (!x) return undefined;
  const info: XeroInformation = {
    allowSync: x.allow ? row.boolean(x.allow.table, x.allow.column) : undefined,
    xeroId: x.xeroId ? row.text(x.xeroId.table, x.xeroId.column) : undefined,
    syncStatus: x.status ? row.text(x.status.table, x.status.column) : undefined,
    lastSync: x.lastSync ? row.text(x.lastSync.table, x.lastSync.column) : undefined,
  };
  if (meta.name === 'Invoice') info.invoiceType = x.invoiceType ? row.text(x.invoiceType.table, x.invoiceType.column) : undefined;
  return info;
}

function customFields(row: RecordRow, plan: MetadataFieldPlan): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {};
  for (const f of plan.custom) values[f.name] = row.raw(f.table, f.column);
  return values;
}

async function readBatch<TRecord, TBatch>(
  knex: Knex,
  spec: ModuleRecordSpec<TRecord, TBatch>,
  meta: ModuleMetadata,
  ids: readonly number[],
): Promise<Map<number, TRecord>> {
  const { query, tables } = batchQuery(knex, spec as ModuleRecordSpec<unknown, unknown>, meta, ids);
  const joined = (await query) as Array<Record<string, unknown>>;
  const out = new Map<number, TRecord>();
  if (joined.length === 0) return out;
  const layout = new JoinedLayout(tables);
  const plan = metadataFieldPlan(meta);
  const rows = joined.map((j) => new RecordRow(spec.module, Number(j['e__crmid']), new JoinedRow(layout, j)));
  const batch = spec.loadBatch ? await spec.loadBatch(knex, rows.map((r) => r.crmid), meta) : (undefined as TBatch);

  for (const row of rows) {
    if (!row.hasRow(meta.baseTable)) {
      throw new XTigerError('VTIGER_INVALID_DATA', `${spec.module} record ${row.crmid} has a vtiger_crmentity row but no row in ${meta.baseTable}.`, {
        details: { module: spec.module, crmid: row.crmid, table: meta.baseTable },
      });
    }
    const base: VtigerRecordBase = {
      crmid: row.crmid,
      module: spec.module,
      recordNumber: row.text(spec.recordNumber.table, spec.recordNumber.column),
      label: row.text(CRMENTITY, 'label'),
      owner: readOwner(row, row.integer(CRMENTITY, 'smownerid') ?? 0),
      createdTime: row.text(CRMENTITY, 'createdtime') ?? '',
      modifiedTime: row.text(CRMENTITY, 'modifiedtime') ?? '',
      deleted: row.integer(CRMENTITY, 'deleted') === 1,
      description: row.text(CRMENTITY, 'description'),
      xero: xeroInformation(row, meta, plan),
      customFields: customFields(row, plan),
    };
    out.set(row.crmid, spec.build(row, base, { batch, currency: spec.currency ? readCurrency(row) : null }));
  }
  return out;
}

/**
 * Reads typed records of one module by crmid, in batches (one query per table per batch, never per record).
 * Returns them in the order of `ids`; ids that are not records of this module are left out. Deleted records
 * (vtiger_crmentity.deleted = 1) are returned with `deleted: true`.
 */
export async function readModuleRecords<TRecord, TBatch>(
  knex: Knex,
  spec: ModuleRecordSpec<TRecord, TBatch>,
  ids: readonly number[],
  options: ReadOptions = {},
): Promise<TRecord[]> {
  const meta = await (options.metadata ?? ModuleMetadataCache.for(knex)).get(spec.module);
  const unique = [...new Set(ids)];
  const byId = new Map<number, TRecord>();
  for (const batch of chunks(unique, READ_BATCH_SIZE)) for (const [id, record] of await readBatch(knex, spec, meta, batch)) byId.set(id, record);
  return unique.flatMap((id) => {
    const record = byId.get(id);
    return record === undefined ? [] : [record];
  });
}
