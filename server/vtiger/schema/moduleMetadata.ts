import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { fieldDataType, isMandatoryTypeofdata, PICKLIST_UITYPES, type FieldDataType } from './fieldDataType.js';

/**
 * A Vtiger module as Vtiger itself defines it in its own tables (vtiger_tab, vtiger_field, vtiger_blocks,
 * vtiger_entityname, vtiger_fieldmodulerel, the picklist tables), plus the real column sizes from
 * information_schema: Vtiger cuts text longer than its column silently, so whoever writes must know them.
 */
export interface FieldMetadata {
  fieldid: number;
  /** Vtiger's field name (`lastname`, `account_id`, `assigned_user_id`): the name the webservice uses. */
  name: string;
  /** Database column (`lastname`, `accountid`, `smownerid`). */
  column: string;
  table: string;
  label: string;
  uitype: number;
  typeofdata: string;
  dataType: FieldDataType;
  mandatory: boolean;
  /** Not writable by users: display type 2 (created/modified time, source) and record numbers. */
  readOnly: boolean;
  displaytype: number;
  presence: number;
  /** presence 0 (always shown) or 2 (shown, may be hidden); 1 means switched off in the layout editor. */
  active: boolean;
  /** Block label (`LBL_CONTACT_INFORMATION`), undefined for fields outside any block. */
  block: string | undefined;
  sequence: number;
  /** Added by a user or an extension (field or column `cf_…`, or generatedtype 2), not shipped with Vtiger. */
  isCustom: boolean;
  /** Characters the column holds (varchar/char/text), undefined for non-text columns or when unknown. */
  maximumLength: number | undefined;
  /** Bytes the column holds (TEXT limits are in bytes), undefined when unknown. */
  maximumBytes: number | undefined;
  /** The column's SQL type as the database reports it (`varchar(80)`, `decimal(25,8)`). */
  columnType: string | undefined;
  /** Values of picklists (uitype 15, 16, 33) in their sort order; empty for other fields. */
  picklistValues: string[];
  /** Modules a reference field may point to (uitype 10 and the fixed-target reference uitypes). */
  relatedModules: string[];
}

/** How the rows of a table relate to a record. */
export type ModuleTableKind = 'record' | 'lineItem' | 'perUser';

export interface ModuleTable {
  name: string;
  /** The column holding the record's crmid. */
  index: string;
  /** `record`: one row per record; `lineItem`: inventory lines; `perUser`: one row per record and user (starred). */
  kind: ModuleTableKind;
}

export interface ModuleMetadata {
  tabid: number;
  name: string;
  isEntity: boolean;
  baseTable: string;
  baseIndex: string;
  /** Every table the module's fields live in, vtiger_crmentity and the base table first, and the custom table. */
  tables: ModuleTable[];
  /** Where custom fields live (`vtiger_contactscf`): one row per record even before any custom field exists. */
  customTable: string | undefined;
  /** Fields that make up the record label (`firstname,lastname`). */
  labelFields: string[];
  /** Active and inactive fields, in block and field order. */
  fields: FieldMetadata[];
}

/** Tables whose key is not their primary key, or whose rows are not one per record. */
const SPECIAL_TABLES: Readonly<Record<string, { index: string; kind: ModuleTableKind }>> = {
  vtiger_crmentity: { index: 'crmid', kind: 'record' },
  vtiger_inventoryproductrel: { index: 'id', kind: 'lineItem' },
  vtiger_crmentity_user_field: { index: 'recordid', kind: 'perUser' },
};

/** Fixed picklists that Vtiger keeps in code, not in a table. */
const PICKLISTS_WITHOUT_TABLE: Readonly<Record<string, string[]>> = {
  hdnTaxType: ['individual', 'group'],
};

interface TabRow {
  tabid: number;
  name: string;
  isentitytype: number;
}

interface FieldRow {
  fieldid: number;
  columnname: string;
  tablename: string;
  generatedtype: number;
  uitype: string;
  fieldname: string;
  fieldlabel: string;
  presence: number;
  sequence: number | null;
  displaytype: number | null;
  typeofdata: string | null;
  blocklabel: string | null;
}

interface ColumnRow {
  tableName: string;
  columnName: string;
  charLength: number | string | null;
  octetLength: number | string | null;
  columnType: string;
  isPrimary: number | string;
}

function toNumber(value: number | string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

async function readTab(knex: Knex, moduleName: string): Promise<TabRow> {
  const rows = (await knex('vtiger_tab').select('tabid', 'name', 'isentitytype').where('name', moduleName)) as TabRow[];
  const exact = rows.find((r) => r.name === moduleName);
  if (exact) return exact;
  const hint = rows[0] ? ` (did you mean "${rows[0].name}"?)` : '';
  throw new XTigerError('VTIGER_UNKNOWN_MODULE', `Vtiger has no module named "${moduleName}"${hint}.`, { details: { module: moduleName } });
}

async function readColumns(knex: Knex, tables: string[]): Promise<Map<string, ColumnRow>> {
  if (tables.length === 0) return new Map();
  const rows = (await knex
    .select({
      tableName: 'c.TABLE_NAME',
      columnName: 'c.COLUMN_NAME',
      charLength: 'c.CHARACTER_MAXIMUM_LENGTH',
      octetLength: 'c.CHARACTER_OCTET_LENGTH',
      columnType: 'c.COLUMN_TYPE',
    })
    .select(knex.raw("c.COLUMN_KEY = 'PRI' AS isPrimary"))
    .from('information_schema.COLUMNS as c')
    .whereRaw('c.TABLE_SCHEMA = DATABASE()')
    .whereIn('c.TABLE_NAME', tables)) as ColumnRow[];
  return new Map(rows.map((r) => [`${r.tableName}.${r.columnName}`.toLowerCase(), r]));
}

async function readRelatedModules(knex: Knex, moduleName: string, fields: FieldRow[]): Promise<Map<number, string[]>> {
  const related = new Map<number, string[]>();
  const add = (fieldid: number, module: string): void => {
    const list = related.get(fieldid) ?? [];
    if (!list.includes(module)) list.push(module);
    related.set(fieldid, list);
  };
  const dynamic = fields.filter((f) => Number(f.uitype) === 10).map((f) => f.fieldid);
  if (dynamic.length > 0) {
    // vtiger_fieldmodulerel also holds rows of other modules' fields (module = the other side): keep ours.
    const rows = (await knex('vtiger_fieldmodulerel')
      .select('fieldid', 'relmodule')
      .whereIn('fieldid', dynamic)
      .andWhere('module', moduleName)
      .orderByRaw('COALESCE(sequence, 0), relmodule')) as Array<{ fieldid: number; relmodule: string }>;
    for (const r of rows) add(r.fieldid, r.relmodule);
  }
  // Fixed-target reference uitypes (51 → Accounts, 57 → Contacts, 59 → Products…), as Vtiger's webservice layer lists them.
  const fixedUitypes = [...new Set(fields.map((f) => f.uitype).filter((u) => Number(u) !== 10))];
  if (fixedUitypes.length > 0) {
    const rows = (await knex('vtiger_ws_fieldtype as ft')
      .join('vtiger_ws_referencetype as rt', 'rt.fieldtypeid', 'ft.fieldtypeid')
      .select('ft.uitype', 'rt.type')
      .whereIn('ft.uitype', fixedUitypes)
      .orderBy(['ft.uitype', 'rt.type'])) as Array<{ uitype: string; type: string }>;
    for (const f of fields) for (const r of rows) if (r.uitype === f.uitype) add(f.fieldid, r.type);
  }
  return related;
}

async function readPicklistValues(knex: Knex, fields: FieldRow[], columns: Map<string, ColumnRow>): Promise<Map<number, string[]>> {
  const values = new Map<number, string[]>();
  for (const f of fields) {
    if (!PICKLIST_UITYPES.has(Number(f.uitype))) continue;
    const table = `vtiger_${f.fieldname}`;
    if (!columns.has(`${table}.${f.fieldname}`.toLowerCase())) {
      values.set(f.fieldid, [...(PICKLISTS_WITHOUT_TABLE[f.fieldname] ?? [])]);
      continue;
    }
    const query = knex(table).select({ value: f.fieldname });
    if (columns.has(`${table}.sortorderid`)) query.orderBy('sortorderid');
    const rows = (await query) as Array<{ value: string | number | null }>;
    values.set(
      f.fieldid,
      rows.filter((r) => r.value !== null).map((r) => String(r.value)),
    );
  }
  return values;
}

/**
 * The module's custom-field table. Vtiger names it in module code, not in a table; in the database it is the
 * `vtiger_…cf` table keyed by the module's record id (vtiger_contactscf.contactid, vtiger_productcf.productid).
 */
async function findCustomTable(knex: Knex, fields: FieldRow[], baseTable: string, baseIndex: string): Promise<string | undefined> {
  const fromField = fields.find((f) => f.columnname.toLowerCase().startsWith('cf_') || Number(f.generatedtype) === 2)?.tablename;
  if (fromField) return fromField;
  const rows = (await knex
    .select({ name: 'TABLE_NAME' })
    .from('information_schema.KEY_COLUMN_USAGE')
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .andWhere('CONSTRAINT_NAME', 'PRIMARY')
    .andWhere('COLUMN_NAME', baseIndex)
    .andWhere('TABLE_NAME', 'like', 'vtiger\\_%cf')
    .andWhereNot('TABLE_NAME', baseTable)
    .orderBy('TABLE_NAME')) as Array<{ name: string }>;
  return rows[0]?.name;
}

/** Decides the per-record tables and their key columns (primary keys, except the special tables). */
function recordTables(fields: FieldRow[], baseTable: string, baseIndex: string, customTable: string | undefined, columns: Map<string, ColumnRow>): ModuleTable[] {
  const names = [...new Set(['vtiger_crmentity', baseTable, ...fields.map((f) => f.tablename), ...(customTable ? [customTable] : [])])];
  const tables: ModuleTable[] = [];
  for (const name of names) {
    const special = SPECIAL_TABLES[name];
    if (special) {
      tables.push({ name, ...special });
      continue;
    }
    if (name === baseTable || name === customTable) {
      tables.push({ name, index: baseIndex, kind: 'record' });
      continue;
    }
    // A picklist field living in its own picklist table (Campaign relation status) is not record data.
    if (fields.some((f) => f.tablename === name && `vtiger_${f.fieldname}` === name && PICKLIST_UITYPES.has(Number(f.uitype)))) continue;
    const primary = [...columns.values()].filter((c) => c.tableName.toLowerCase() === name.toLowerCase() && Number(c.isPrimary) === 1);
    if (primary.length === 1 && primary[0]) tables.push({ name, index: primary[0].columnName, kind: 'record' });
  }
  return tables;
}

export async function readModuleMetadata(knex: Knex, moduleName: string): Promise<ModuleMetadata> {
  const tab = await readTab(knex, moduleName);
  const entity = (await knex('vtiger_entityname').select('tablename', 'fieldname', 'entityidfield').where('tabid', tab.tabid).first()) as
    | { tablename: string; fieldname: string; entityidfield: string }
    | undefined;
  const fields = (await knex('vtiger_field as f')
    .leftJoin('vtiger_blocks as b', 'b.blockid', 'f.block')
    .select('f.fieldid', 'f.columnname', 'f.tablename', 'f.generatedtype', 'f.uitype', 'f.fieldname', 'f.fieldlabel', 'f.presence', 'f.sequence', 'f.displaytype', 'f.typeofdata', 'b.blocklabel')
    .where('f.tabid', tab.tabid)
    .orderByRaw('b.sequence IS NULL, b.sequence, f.block, f.sequence, f.fieldid')) as FieldRow[];
  if (!entity && fields.length === 0) {
    throw new XTigerError('VTIGER_UNKNOWN_MODULE', `Vtiger module "${tab.name}" has no fields or record tables, so it holds no records to read.`, {
      details: { module: tab.name },
    });
  }
  const baseTable = entity?.tablename ?? fields.find((f) => f.tablename !== 'vtiger_crmentity')?.tablename ?? 'vtiger_crmentity';
  const baseIndex = entity?.entityidfield ?? 'crmid';

  const customTable = entity ? await findCustomTable(knex, fields, baseTable, baseIndex) : undefined;
  const picklistTables = fields.filter((f) => PICKLIST_UITYPES.has(Number(f.uitype))).map((f) => `vtiger_${f.fieldname}`);
  const columns = await readColumns(knex, [...new Set([baseTable, ...fields.map((f) => f.tablename), ...picklistTables])]);
  const [related, picklists] = await Promise.all([readRelatedModules(knex, tab.name, fields), readPicklistValues(knex, fields, columns)]);

  return {
    tabid: tab.tabid,
    name: tab.name,
    isEntity: Number(tab.isentitytype) === 1,
    baseTable,
    baseIndex,
    tables: recordTables(fields, baseTable, baseIndex, customTable, columns),
    customTable,
    labelFields: entity ? entity.fieldname.split(',').map((s) => s.trim()).filter(Boolean) : [],
    fields: fields.map((f): FieldMetadata => {
      const uitype = Number(f.uitype);
      const typeofdata = f.typeofdata ?? '';
      const displaytype = f.displaytype ?? 1;
      const column = columns.get(`${f.tablename}.${f.columnname}`.toLowerCase());
      return {
        fieldid: f.fieldid,
        name: f.fieldname,
        column: f.columnname,
        table: f.tablename,
        label: f.fieldlabel,
        uitype,
        typeofdata,
        dataType: refineByColumn(fieldDataType(uitype, typeofdata), column?.columnType),
        mandatory: isMandatoryTypeofdata(typeofdata),
        readOnly: displaytype === 2 || uitype === 4,
        displaytype,
        presence: f.presence,
        active: f.presence === 0 || f.presence === 2,
        block: f.blocklabel ?? undefined,
        sequence: f.sequence ?? 0,
        isCustom: isCustomField(f),
        maximumLength: column ? toNumber(column.charLength) : undefined,
        maximumBytes: column ? toNumber(column.octetLength) : undefined,
        columnType: column?.columnType,
        picklistValues: picklists.get(f.fieldid) ?? [],
        relatedModules: related.get(f.fieldid) ?? [],
      };
    }),
  };
}

/**
 * Fields added by users (layout editor: `cf_<id>` column, generatedtype 2) or by extensions (vtlib keeps
 * generatedtype 1 but the field name starts with `cf_`, e.g. `cf_xt_allow_sync` in column `xt_allow_sync`).
 */
function isCustomField(f: FieldRow): boolean {
  return f.fieldname.toLowerCase().startsWith('cf_') || f.columnname.toLowerCase().startsWith('cf_') || Number(f.generatedtype) === 2;
}

/** Vtiger declares some numeric columns as `V~` text (line discount_percent is decimal(7,3)): trust the column. */
function refineByColumn(dataType: FieldDataType, columnType: string | undefined): FieldDataType {
  if (dataType !== 'string' || !columnType) return dataType;
  if (/^(decimal|numeric|double|float)/i.test(columnType)) return 'decimal';
  if (/^(tinyint|smallint|mediumint|int|bigint)/i.test(columnType)) return 'integer';
  return dataType;
}

/** The field named `fieldName` of the module; a typed error naming module and field when there is none. */
export function requireField(meta: ModuleMetadata, fieldName: string): FieldMetadata {
  const field = meta.fields.find((f) => f.name === fieldName);
  if (field) return field;
  throw new XTigerError('VTIGER_UNKNOWN_FIELD', `Vtiger module "${meta.name}" has no field named "${fieldName}".`, {
    details: { module: meta.name, field: fieldName },
  });
}

/** The field stored in `table`.`column`, if the module has one. */
export function findFieldByColumn(meta: ModuleMetadata, table: string, column: string): FieldMetadata | undefined {
  return meta.fields.find((f) => f.table === table && f.column === column);
}
