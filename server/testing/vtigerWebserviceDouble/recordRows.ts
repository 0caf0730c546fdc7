import type { Knex } from 'knex';
import type { FieldMetadata, ModuleMetadata, ModuleTable } from '../../vtiger/schema/moduleMetadata.js';

/**
 * Reading and writing one record's rows across its module tables (vtiger_crmentity, the base table, address
 * and custom tables). Column values are kept as the database returns them (strings for text and decimals).
 */
export type ColumnValue = string | number | null;

/** Field name → stored column value. */
export type StoredValues = Map<string, ColumnValue>;

export function recordTables(meta: ModuleMetadata): ModuleTable[] {
  return meta.tables.filter((t) => t.kind === 'record');
}

/** Active fields stored in the module's own tables (not in a picklist table such as vtiger_campaignrelstatus). */
export function recordFields(meta: ModuleMetadata): FieldMetadata[] {
  const tables = new Set(meta.tables.map((t) => t.name));
  return meta.fields.filter((f) => f.active && tables.has(f.table));
}

/** Fields Vtiger writes on create (displaytype 1, 3, 4, 6; active), i.e. CRMEntity::insertIntoEntityTable. */
export function writableOnCreate(field: FieldMetadata): boolean {
  return field.active && [1, 3, 4, 6].includes(field.displaytype);
}

/** Fields Vtiger writes on edit (displaytype 1, 3, 6; active). */
export function writableOnEdit(field: FieldMetadata): boolean {
  return field.active && [1, 3, 6].includes(field.displaytype) && field.uitype !== 4;
}

/** Every stored value of a record's fields (line-item and per-user fields excluded). */
export async function readStoredValues(knex: Knex, meta: ModuleMetadata, crmid: number, userId: number): Promise<StoredValues> {
  const values: StoredValues = new Map();
  for (const table of meta.tables) {
    if (table.kind === 'lineItem') continue;
    const query = knex(table.name).where(table.index, crmid);
    if (table.kind === 'perUser') query.andWhere('userid', userId);
    const row = (await query.first()) as Record<string, ColumnValue> | undefined;
    for (const field of meta.fields) {
      if (field.table !== table.name) continue;
      values.set(field.name, row ? (row[field.column] ?? null) : null);
    }
  }
  return values;
}

/** Inserts one row per record table: the index column, then the given columns of that table. */
export async function insertRecordRows(knex: Knex, meta: ModuleMetadata, crmid: number, columns: Map<string, Record<string, ColumnValue>>): Promise<void> {
  for (const table of recordTables(meta)) {
    if (table.name === 'vtiger_crmentity') continue;
    await knex(table.name).insert({ ...(columns.get(table.name) ?? {}), [table.index]: crmid });
  }
}

/** Updates the given columns of a record, table by table; a missing row is inserted (Vtiger does the same). */
export async function updateRecordRows(knex: Knex, meta: ModuleMetadata, crmid: number, columns: Map<string, Record<string, ColumnValue>>): Promise<void> {
  for (const table of recordTables(meta)) {
    const set = columns.get(table.name);
    if (!set || Object.keys(set).length === 0) continue;
    const updated = await knex(table.name).where(table.index, crmid).update(set);
    if (updated === 0 && table.name !== 'vtiger_crmentity') {
      const exists = await knex(table.name).where(table.index, crmid).first(table.index);
      if (!exists) await knex(table.name).insert({ ...set, [table.index]: crmid });
    }
  }
}

/** Groups field values by the table and column they are stored in. */
export function columnsByTable(meta: ModuleMetadata, values: Map<string, ColumnValue>): Map<string, Record<string, ColumnValue>> {
  const out = new Map<string, Record<string, ColumnValue>>();
  for (const [name, value] of values) {
    const field = meta.fields.find((f) => f.name === name);
    if (!field) continue;
    const row = out.get(field.table) ?? {};
    row[field.column] = value;
    out.set(field.table, row);
  }
  return out;
}
