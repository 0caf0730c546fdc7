import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';

/**
 * What Vtiger's save needs to know about an entity module, read from Vtiger's own tables (vtiger_tab,
 * vtiger_entityname, vtiger_field, vtiger_fieldmodulerel, the picklist tables, information_schema).
 */
export interface WritableField {
  name: string;
  label: string;
  table: string;
  column: string;
  uitype: number;
  /** First part of typeofdata: V, I, N, NN, D, DT, C, E … */
  dataType: string;
  mandatory: boolean;
  displaytype: number;
  presence: number;
  /** Allowed values of a uitype 15/16 picklist, in order; undefined for other fields. */
  picklistValues: readonly string[] | undefined;
  /** Target modules of a uitype 10 relation field. */
  relatedModules: readonly string[];
  /** Characters a varchar/char column holds. */
  maxChars: number | undefined;
  /** Bytes a TEXT column holds. */
  maxBytes: number | undefined;
}

export interface EntityModule {
  tabid: number;
  name: string;
  baseTable: string;
  baseIndex: string;
  /** `<base>cf`: one row per record, even without custom fields. */
  customTable: string | undefined;
  /** Fields whose values make the record label (vtiger_entityname.fieldname, comma list). */
  labelFields: string[];
  /** The uitype 4 record-number field, if the module numbers its records. */
  numberField: WritableField | undefined;
  /** Whether records get a vtiger_crmentity_user_field row (the `starred` field). */
  hasUserFieldRow: boolean;
  fields: ReadonlyMap<string, WritableField>;
}

const TEXT_BYTES: Readonly<Record<string, number>> = { tinytext: 255, text: 65_535, mediumtext: 16_777_215, longtext: 4_294_967_295 };

async function rows<T>(db: Knex, sql: string, bindings: readonly Knex.RawBinding[]): Promise<T[]> {
  const [r] = (await db.raw(sql, bindings as Knex.RawBinding[])) as [T[]];
  return r;
}

async function readEntityModule(db: Knex, moduleName: string): Promise<EntityModule> {
  const [tab] = await rows<{ tabid: number; isentitytype: number }>(db, 'SELECT tabid, isentitytype FROM vtiger_tab WHERE name = ?', [moduleName]);
  if (!tab || tab.isentitytype !== 1) {
    throw new XTigerError('VTIGER_UNKNOWN_MODULE', `Vtiger has no entity module ${moduleName} (is it installed?)`, { details: { module: moduleName } });
  }
  const [entity] = await rows<{ tablename: string; fieldname: string; entityidfield: string }>(
    db, 'SELECT tablename, fieldname, entityidfield FROM vtiger_entityname WHERE tabid = ?', [tab.tabid],
  );
  if (!entity) throw new XTigerError('VTIGER_UNKNOWN_MODULE', `module ${moduleName} has no vtiger_entityname row`, { details: { module: moduleName } });
  const fieldRows = await rows<{ fieldname: string; fieldlabel: string; tablename: string; columnname: string; uitype: string; typeofdata: string; displaytype: number; presence: number }>(
    db, 'SELECT fieldname, fieldlabel, tablename, columnname, uitype, typeofdata, displaytype, presence FROM vtiger_field WHERE tabid = ? ORDER BY block, sequence', [tab.tabid],
  );
  // No ORDER BY: the table has no key, rows come in insertion order (the manifest's relatedmodule order).
  const relRows = await rows<{ fieldname: string; relmodule: string }>(
    db, 'SELECT f.fieldname, r.relmodule FROM vtiger_fieldmodulerel r JOIN vtiger_field f ON f.fieldid = r.fieldid WHERE f.tabid = ?', [tab.tabid],
  );
  const tables = [...new Set(fieldRows.map((f) => f.tablename))];
  const columnRows = await rows<{ table_name: string; column_name: string; data_type: string; character_maximum_length: number | null }>(
    db,
    `SELECT table_name, column_name, data_type, character_maximum_length FROM information_schema.columns
      WHERE table_schema = DATABASE() AND table_name IN (${tables.map(() => '?').join(',')})`,
    tables,
  );
  const columns = new Map(columnRows.map((c) => [`${c.table_name}.${c.column_name}`, c]));
  const customTable = `${entity.tablename}cf`;
  const hasCustomTable = (await rows(db, 'SELECT 1 AS x FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [customTable])).length > 0;

  const fields = new Map<string, WritableField>();
  for (const f of fieldRows) {
    const uitype = Number(f.uitype);
    const [dataType = 'V', mandatoryFlag] = f.typeofdata.split('~');
    let picklistValues: string[] | undefined;
    if (uitype === 15 || uitype === 16) {
      picklistValues = (await rows<{ v: string }>(db, `SELECT \`${f.fieldname}\` AS v FROM \`vtiger_${f.fieldname}\` ORDER BY sortorderid`, [])).map((r) => r.v);
    }
    const col = columns.get(`${f.tablename}.${f.columnname}`);
    const isText = col?.data_type !== undefined && col.data_type in TEXT_BYTES;
    fields.set(f.fieldname, {
      name: f.fieldname, label: f.fieldlabel, table: f.tablename, column: f.columnname, uitype, dataType, mandatory: mandatoryFlag === 'M',
      displaytype: f.displaytype, presence: f.presence, picklistValues,
      relatedModules: relRows.filter((r) => r.fieldname === f.fieldname).map((r) => r.relmodule),
      maxChars: !isText && col?.character_maximum_length ? Number(col.character_maximum_length) : undefined,
      maxBytes: isText && col ? TEXT_BYTES[col.data_type] : undefined,
    });
  }
  return {
    tabid: tab.tabid,
    name: moduleName,
    baseTable: entity.tablename,
    baseIndex: entity.entityidfield,
    customTable: hasCustomTable ? customTable : undefined,
    labelFields: entity.fieldname.split(','),
    numberField: [...fields.values()].find((f) => f.uitype === 4),
    hasUserFieldRow: [...fields.values()].some((f) => f.table === 'vtiger_crmentity_user_field'),
    fields,
  };
}

/**
 * Module metadata, read once per database and module (the module's fields and picklist values change only when
 * an admin edits the layout; call `forgetEntityModules` after such a change).
 */
const cache = new Map<string, Promise<EntityModule>>();

function databaseKey(db: Knex): string {
  const c = db.client.config as { connection?: { host?: string; port?: number; database?: string } };
  return `${c.connection?.host ?? ''}:${c.connection?.port ?? ''}/${c.connection?.database ?? ''}`;
}

export function loadEntityModule(db: Knex, moduleName: string): Promise<EntityModule> {
  const key = `${databaseKey(db)}#${moduleName}`;
  let p = cache.get(key);
  if (!p) {
    p = readEntityModule(db, moduleName);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

export function forgetEntityModules(): void {
  cache.clear();
}
