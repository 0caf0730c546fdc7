import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { ModuleMetadataCache } from '../schema/ModuleMetadataCache.js';
import type { FieldMetadata, ModuleMetadata } from '../schema/moduleMetadata.js';
import { XERO_FIELDS, XERO_INVOICE_TYPE_FIELD, type SyncedModule } from '../xeroInformationBlock.js';
import { readCurrencies } from './currencies.js';
import { ownerOrUnknown, readOwners } from './owners.js';
import { RecordRow } from './recordRow.js';
import type { VtigerCurrency, VtigerRecordBase, XeroInformation } from './recordTypes.js';

/** Ids per IN (…) list: one query per table per batch. */
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

async function readTableRows(knex: Knex, table: string, index: string, columns: Iterable<string>, ids: readonly number[]): Promise<Map<number, Record<string, unknown>>> {
  const rows = (await knex(table)
    .select({ __id: index })
    .select([...columns])
    .whereIn(index, ids)) as Array<Record<string, unknown> & { __id: number }>;
  return new Map(rows.map((r) => [Number(r.__id), r]));
}

function xeroInformation(row: RecordRow, meta: ModuleMetadata): XeroInformation | undefined {
  const field = (name: string): FieldMetadata | undefined => meta.fields.find((f) => f.name === name);
  const allow = field(XERO_FIELDS.allowSync.fieldname);
  const xeroId = field(XERO_FIELDS.xeroId.fieldname);
  const status = field(XERO_FIELDS.syncStatus.fieldname);
  const lastSync = field(XERO_FIELDS.lastSync.fieldname);
  const invoiceType = meta.name === 'Invoice' ? field(XERO_INVOICE_TYPE_FIELD.fieldname) : undefined;
  if (!allow && !xeroId && !status && !lastSync && !invoiceType) return undefined;
  const info: XeroInformation = {
    allowSync: allow ? row.boolean(allow.table, allow.column) : undefined,
    xeroId: xeroId ? row.text(xeroId.table, xeroId.column) : undefined,
    syncStatus: status ? row.text(status.table, status.column) : undefined,
    lastSync: lastSync ? row.text(lastSync.table, lastSync.column) : undefined,
  };
  if (meta.name === 'Invoice') info.invoiceType = invoiceType ? row.text(invoiceType.table, invoiceType.column) : undefined;
  return info;
}

function customFields(row: RecordRow, meta: ModuleMetadata): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {};
  for (const f of meta.fields) if (f.isCustom) values[f.name] = row.raw(f.table, f.column);
  return values;
}

async function readBatch<TRecord, TBatch>(
  knex: Knex,
  spec: ModuleRecordSpec<TRecord, TBatch>,
  meta: ModuleMetadata,
  ids: readonly number[],
): Promise<Map<number, TRecord>> {
  const entities = (await knex(CRMENTITY)
    .select([...CRMENTITY_COLUMNS])
    .whereIn('crmid', ids)
    .andWhere('setype', spec.module)) as Array<Record<string, unknown> & { crmid: number; smownerid: number }>;
  const found = entities.map((e) => e.crmid);
  const out = new Map<number, TRecord>();
  if (found.length === 0) return out;

  const tables = columnsToRead(spec as ModuleRecordSpec<unknown, unknown>, meta);
  const [tableRows, owners, batch] = await Promise.all([
    Promise.all([...tables].map(async ([table, columns]) => [table, await readTableRows(knex, table, tableIndex(meta, table), columns, found)] as const)),
    readOwners(knex, entities.map((e) => Number(e.smownerid))),
    spec.loadBatch ? spec.loadBatch(knex, found, meta) : Promise.resolve(undefined as TBatch),
  ]);

  const rowsOf = (entity: Record<string, unknown> & { crmid: number }): RecordRow =>
    new RecordRow(spec.module, entity.crmid, new Map([[CRMENTITY, entity], ...tableRows.map(([table, rows]) => [table, rows.get(entity.crmid)] as const)]));
  const rows = entities.map(rowsOf);

  const currencyIds = spec.currency ? rows.map((r) => r.integer(spec.currency!.table, spec.currency!.column)).filter((id): id is number => id !== null) : [];
  const currencies = await readCurrencies(knex, currencyIds);

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
      owner: ownerOrUnknown(owners, row.integer(CRMENTITY, 'smownerid') ?? 0),
      createdTime: row.text(CRMENTITY, 'createdtime') ?? '',
      modifiedTime: row.text(CRMENTITY, 'modifiedtime') ?? '',
      deleted: row.integer(CRMENTITY, 'deleted') === 1,
      description: row.text(CRMENTITY, 'description'),
      xero: xeroInformation(row, meta),
      customFields: customFields(row, meta),
    };
    const currencyId = spec.currency ? row.integer(spec.currency.table, spec.currency.column) : null;
    out.set(row.crmid, spec.build(row, base, { batch, currency: currencyId === null ? null : (currencies.get(currencyId) ?? null) }));
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
