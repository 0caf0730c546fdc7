import { exec, first, tableExists, type Db } from './db.js';
import type { ModuleManifest } from './manifest.js';
import { addBlock, addField, addMandatoryFields, setEntityIdentifier, setPicklistValues, setRelatedModules, type FieldRef } from './vtlibFields.js';
import { addFilter, addFilterField, addFilterRule } from './vtlibFilters.js';
import { addLink, setRelatedList } from './vtlibLinks.js';
import {
  addModuleToApp, addToMenus, createModule, getModule, initWebservice, setDefaultSharing, updateTool, type ModuleRef,
} from './vtlibModule.js';

/** The module's `vtlib_handler(…, 'module.postinstall')`, reproduced in TypeScript. */
export type PostInstallHook = (db: Db, module: ModuleRef, fields: ReadonlyMap<string, FieldRef>) => Promise<void>;

const CREATE_SQL = /^\s*CREATE\s+TABLE/i;
const DESTRUCTIVE_SQL = /(DROP TABLE)|(DROP COLUMN)|(DELETE FROM)/i;

/**
 * Vtiger_PackageImport::import_Module for one manifest, in Vtiger's order: vtiger_tab (+ tab_info, profiles,
 * sharing actions, menus) → menus again → <tables> → blocks/fields (+ source/starred/tags) → filters → sharing →
 * actions → related lists → links → app menu → postinstall hook → webservice entity.
 * Events, crons and migrations are refused rather than silently skipped.
 */
export async function importModule(db: Db, manifest: ModuleManifest, postInstall?: PostInstallHook): Promise<ModuleRef> {
  if (manifest.unsupported.length > 0) throw new Error(`${manifest.name}: the test installer does not apply <${manifest.unsupported.join('>, <')}>`);
  if (await getModule(db, manifest.name)) throw new Error(`${manifest.name} is already installed`);
  const parent = manifest.parents[0] ?? '';
  const module = await createModule(db, {
    name: manifest.name, label: manifest.label, parent, isEntity: manifest.isEntity, version: manifest.version,
    minVersion: manifest.vtigerVersion, maxVersion: manifest.vtigerMaxVersion,
  });
  if (parent) await addToMenus(db, module, parent);

  for (const table of manifest.tables) {
    if (CREATE_SQL.test(table.sql)) {
      if (!(await tableExists(db, table.name))) await exec(db, table.sql);
    } else if (!DESTRUCTIVE_SQL.test(table.sql)) {
      await exec(db, table.sql);
    }
  }

  const fields = new Map<string, FieldRef>();
  const baseTable = manifest.tables[0]?.name ?? `vtiger_${manifest.name.toLowerCase()}`;
  let firstBlock: Awaited<ReturnType<typeof addBlock>> | undefined;
  for (const b of manifest.blocks) {
    const block = await addBlock(db, module, b.label);
    firstBlock ??= block;
    for (const f of b.fields) {
      const field = await addField(db, block, {
        name: f.fieldname, label: f.fieldlabel, table: f.tablename || baseTable, column: f.columnname || undefined, columntype: f.columntype,
        uitype: f.uitype, generatedtype: f.generatedtype, readonly: f.readonly, presence: f.presence, defaultvalue: f.defaultvalue,
        maximumlength: f.maximumlength, sequence: f.sequence || undefined, quickcreate: f.quickcreate, quicksequence: f.quickcreatesequence || undefined,
        typeofdata: f.typeofdata, displaytype: f.displaytype, info_type: f.info_type, summaryfield: f.summaryfield, helpinfo: f.helpinfo, masseditable: f.masseditable,
      });
      if (f.entityidentifier) await setEntityIdentifier(db, module, field, f.entityidentifier.entityidfield, f.entityidentifier.entityidcolumn);
      if (f.picklistvalues.length > 0) await setPicklistValues(db, field, f.picklistvalues);
      if (f.relatedmodules.length > 0) await setRelatedModules(db, field, f.relatedmodules);
      fields.set(f.fieldname, field);
    }
  }
  if (module.isEntity && firstBlock) await addMandatoryFields(db, firstBlock, baseTable);

  for (const cv of manifest.customviews) {
    const filter = await addFilter(db, module, cv.viewname, cv.setdefault, cv.setmetrics);
    for (const f of cv.fields) {
      const field = fields.get(f.fieldname);
      if (!field) throw new Error(`${manifest.name}: filter ${cv.viewname} names unknown field ${f.fieldname}`);
      await addFilterField(db, filter, field, f.columnindex);
      for (const rule of f.rules) await addFilterRule(db, filter, field, rule.comparator, rule.value, rule.columnindex);
    }
  }
  for (const permission of manifest.sharingDefaults) await setDefaultSharing(db, module, permission);
  for (const action of manifest.actions) await updateTool(db, module, action.name, action.enabled);
  for (const rl of manifest.relatedlists) {
    const related = await getModule(db, rl.relatedmodule);
    if (related) await setRelatedList(db, module, related, rl.label, rl.actions, rl.function, null);
  }
  for (const l of manifest.customlinks) await addLink(db, module.tabid, l.linktype, l.linklabel, l.linkurl, l.linkicon, l.sequence);
  for (const p of manifest.parents) await addModuleToApp(db, module, p);

  if (postInstall) await postInstall(db, module, fields);
  await initWebservice(db, module);
  return module;
}

/** Whether a module row exists (the Module Manager refuses to import a module twice). */
export async function isInstalled(db: Db, name: string): Promise<boolean> {
  return (await first(db, 'SELECT 1 AS x FROM vtiger_tab WHERE name = ?', [name])) !== undefined;
}
