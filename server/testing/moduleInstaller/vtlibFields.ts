import { addColumn, exec, first, ident, maxOf, nextId, profileIds, tableExists, type Db } from './db.js';
import type { ModuleRef } from './vtlibModule.js';

/** Blocks and fields as vtlib writes them (Vtiger_Block, Vtiger_FieldBasic, Vtiger_Field, Vtiger_ModuleBasic). */
export interface BlockRef {
  blockid: number;
  module: ModuleRef;
  label: string;
}

export async function getBlock(db: Db, m: ModuleRef, label: string): Promise<BlockRef | undefined> {
  const row = await first<{ blockid: number }>(db, 'SELECT blockid FROM vtiger_blocks WHERE blocklabel = ? AND tabid = ?', [label, m.tabid]);
  return row ? { blockid: row.blockid, module: m, label } : undefined;
}

/** Vtiger_Block::__create: next blockid from vtiger_blocks_seq, sequence = last block of the module + 1. */
export async function addBlock(db: Db, m: ModuleRef, label: string): Promise<BlockRef> {
  const blockid = await nextId(db, 'vtiger_blocks');
  const sequence = (await maxOf(db, 'vtiger_blocks', 'sequence', 'tabid = ?', [m.tabid])) + 1;
  await exec(
    db,
    'INSERT INTO vtiger_blocks (blockid,tabid,blocklabel,sequence,show_title,visible,create_view,edit_view,detail_view,iscustom) VALUES (?,?,?,?,?,?,?,?,?,?)',
    [blockid, m.tabid, label, sequence, 0, 0, 0, 0, 0, 0],
  );
  return { blockid, module: m, label };
}

export async function getOrAddBlock(db: Db, m: ModuleRef, label: string): Promise<BlockRef> {
  return (await getBlock(db, m, label)) ?? addBlock(db, m, label);
}

/** A new field, with vtlib's defaults (Vtiger_FieldBasic) for whatever is not given. */
export interface FieldSpec {
  name: string;
  label?: string;
  table: string;
  column?: string;
  /** SQL type for ALTER TABLE when the column is missing (vtlib's default VARCHAR(100)). */
  columntype?: string;
  uitype?: number;
  typeofdata?: string;
  displaytype?: number;
  generatedtype?: number;
  readonly?: number;
  presence?: number;
  defaultvalue?: string;
  maximumlength?: number;
  sequence?: number;
  quickcreate?: number;
  quicksequence?: number;
  info_type?: string;
  helpinfo?: string;
  masseditable?: number;
  summaryfield?: number;
  headerfield?: number;
}

export interface FieldRef {
  fieldid: number;
  name: string;
  table: string;
  column: string;
  uitype: number;
  label: string;
  typeofdata: string;
  block: BlockRef;
}

export async function getField(db: Db, m: ModuleRef, name: string): Promise<FieldRef | undefined> {
  const row = await first<{ fieldid: number; tablename: string; columnname: string; uitype: string; fieldlabel: string; typeofdata: string; block: number; blocklabel: string }>(
    db,
    'SELECT f.fieldid, f.tablename, f.columnname, f.uitype, f.fieldlabel, f.typeofdata, f.block, b.blocklabel FROM vtiger_field f LEFT JOIN vtiger_blocks b ON b.blockid = f.block WHERE f.tabid = ? AND f.fieldname = ?',
    [m.tabid, name],
  );
  if (!row) return undefined;
  return {
    fieldid: row.fieldid, name, table: row.tablename, column: row.columnname, uitype: Number(row.uitype), label: row.fieldlabel,
    typeofdata: row.typeofdata, block: { blockid: row.block, module: m, label: row.blocklabel },
  };
}

/** Vtiger_FieldBasic::__create followed by Vtiger_Profile::initForField. */
export async function addField(db: Db, block: BlockRef, spec: FieldSpec): Promise<FieldRef> {
  const m = block.module;
  const fieldid = await nextId(db, 'vtiger_field');
  const sequence = spec.sequence ?? (await maxOf(db, 'vtiger_field', 'sequence', 'tabid = ? AND block = ?', [m.tabid, block.blockid])) + 1;
  const quickcreate = spec.quickcreate ?? 1;
  let quicksequence = 0;
  if (quickcreate !== 1) {
    quicksequence = spec.quicksequence ?? (await maxOf(db, 'vtiger_field', 'quickcreatesequence', 'tabid = ?', [m.tabid])) + 1;
  }
  const column = spec.column ?? spec.name.toLowerCase();
  const label = spec.label || spec.name;
  await addColumn(db, spec.table, column, spec.columntype ?? 'VARCHAR(100)');
  const uitype = spec.uitype ?? 1;
  const typeofdata = spec.typeofdata ?? 'V~O';
  await exec(
    db,
    `INSERT INTO vtiger_field (tabid, fieldid, columnname, tablename, generatedtype, uitype, fieldname, fieldlabel, readonly, presence,
      defaultvalue, maximumlength, sequence, block, displaytype, typeofdata, quickcreate, quickcreatesequence, info_type, helpinfo, summaryfield, headerfield)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    [
      m.tabid, fieldid, column, spec.table, spec.generatedtype ?? 1, String(uitype), spec.name, label, spec.readonly ?? 1, spec.presence ?? 2,
      spec.defaultvalue ?? '', spec.maximumlength ?? 100, sequence, block.blockid, spec.displaytype ?? 1, typeofdata, quickcreate,
      quicksequence, spec.info_type ?? 'BAS', spec.helpinfo ?? '', spec.summaryfield ?? 0, spec.headerfield ?? 0,
    ],
  );
  await exec(db, 'UPDATE vtiger_field SET masseditable = ? WHERE fieldid = ?', [spec.masseditable ?? 1, fieldid]);
  await exec(db, 'INSERT INTO vtiger_def_org_field (tabid, fieldid, visible, readonly) VALUES (?,?,?,?)', [m.tabid, fieldid, 0, 0]);
  for (const profileid of await profileIds(db)) {
    await exec(db, 'INSERT INTO vtiger_profile2field (profileid, tabid, fieldid, visible, readonly) VALUES (?,?,?,?,?)', [profileid, m.tabid, fieldid, 0, 0]);
  }
  return { fieldid, name: spec.name, table: spec.table, column, uitype, label, typeofdata, block };
}

/** The global picklist table of a uitype 16 field: `vtiger_<fieldname>`. */
export function picklistTable(fieldname: string): string {
  return `vtiger_${fieldname}`;
}

/**
 * Vtiger_Field::setNoRolePicklistValues (uitype 16): creates `vtiger_<fieldname>` when missing and appends the
 * values with ids from `vtiger_<fieldname>_seq`. Vtiger appends blindly; `skipExisting` makes a hook idempotent.
 */
export async function setPicklistValues(db: Db, field: { name: string; uitype: number }, values: readonly string[], skipExisting = false): Promise<void> {
  if (field.uitype !== 16) throw new Error(`picklist ${field.name}: only uitype 16 (non role-based) picklists are supported by the test installer`);
  const table = picklistTable(field.name);
  const idcol = `${field.name}id`;
  if (!(await tableExists(db, table))) {
    await exec(
      db,
      `CREATE TABLE ${ident(table)} (${ident(idcol)} INT NOT NULL AUTO_INCREMENT PRIMARY KEY, ${ident(field.name)} VARCHAR(200) NOT NULL,` +
        ' sortorderid INT(11), presence INT (11) NOT NULL DEFAULT 1, color VARCHAR(10)) ENGINE=InnoDB DEFAULT CHARSET=utf8',
    );
  }
  const max = await first<{ m: number | null }>(db, `SELECT MAX(sortorderid) AS m FROM ${ident(table)}`);
  // Vtiger: empty(max) → 0, else max + 1 (so a table whose only sortorderid is 0 also restarts at 0).
  let sortid = max?.m ? Number(max.m) + 1 : 0;
  for (const value of values) {
    if (skipExisting && (await first(db, `SELECT 1 AS x FROM ${ident(table)} WHERE ${ident(field.name)} = ?`, [value]))) continue;
    const id = await nextId(db, table);
    await exec(db, `INSERT INTO ${ident(table)} (${ident(idcol)}, ${ident(field.name)}, sortorderid, presence) VALUES (?,?,?,?)`, [id, value, sortid, 1]);
    sortid += 1;
  }
}

/** Vtiger_Field::setRelatedModules (uitype 10): one vtiger_fieldmodulerel row per target module. */
export async function setRelatedModules(db: Db, field: FieldRef, modules: readonly string[]): Promise<void> {
  for (const relmodule of modules) {
    const exists = await first(db, 'SELECT 1 AS x FROM vtiger_fieldmodulerel WHERE fieldid = ? AND module = ? AND relmodule = ?', [field.fieldid, field.block.module.name, relmodule]);
    if (exists) continue;
    await exec(db, 'INSERT INTO vtiger_fieldmodulerel (fieldid, module, relmodule) VALUES (?,?,?)', [field.fieldid, field.block.module.name, relmodule]);
  }
}

/** Vtiger_ModuleBasic::setEntityIdentifier: the field that labels the module's records (vtiger_entityname). */
export async function setEntityIdentifier(db: Db, m: ModuleRef, field: FieldRef, entityidfield: string, entityidcolumn: string): Promise<void> {
  const exists = await first(db, 'SELECT tabid FROM vtiger_entityname WHERE tablename = ? AND tabid = ?', [field.table, m.tabid]);
  if (exists) {
    await exec(db, 'UPDATE vtiger_entityname SET fieldname = ?, entityidfield = ?, entityidcolumn = ? WHERE tablename = ? AND tabid = ?', [field.name, entityidfield, entityidcolumn, field.table, m.tabid]);
  } else {
    await exec(db, 'INSERT INTO vtiger_entityname (tabid, modulename, tablename, fieldname, entityidfield, entityidcolumn) VALUES (?,?,?,?,?,?)', [
      m.tabid, m.name, field.table, field.name, entityidfield, entityidcolumn,
    ]);
  }
}

/**
 * Vtiger_PackageImport::import_mandatoryFields: `source`, `starred` (in the shared vtiger_crmentity_user_field)
 * and `tags` (a varchar(1) column on the module's base table), appended to the first block.
 */
export async function addMandatoryFields(db: Db, block: BlockRef, baseTable: string): Promise<void> {
  const m = block.module;
  if (!(await getField(db, m, 'source'))) {
    await addField(db, block, { name: 'source', label: 'Source', table: 'vtiger_crmentity', presence: 2, displaytype: 2, readonly: 1, uitype: 1, typeofdata: 'V~O', quickcreate: 3, masseditable: 0 });
  }
  if (!(await getField(db, m, 'starred'))) {
    await addField(db, block, { name: 'starred', label: 'starred', table: 'vtiger_crmentity_user_field', presence: 2, displaytype: 6, readonly: 1, uitype: 56, typeofdata: 'C~O', quickcreate: 3, masseditable: 0 });
  }
  if (!(await getField(db, m, 'tags'))) {
    await addField(db, block, { name: 'tags', label: 'tags', table: baseTable, presence: 2, displaytype: 6, readonly: 1, uitype: 1, typeofdata: 'V~O', columntype: 'varchar(1)', quickcreate: 3, masseditable: 0 });
  }
}
