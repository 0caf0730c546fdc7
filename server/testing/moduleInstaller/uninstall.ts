import {
  CUSTOM_FIELD_TABLES, SYNCED_MODULES, XERO_BLOCK_LABEL, XTIGER_HEADER_SCRIPT, XTIGER_MODULE_LINKS, XTIGER_SETTINGS_ENTRY, xeroBlockFields,
} from '../../vtiger/xeroInformationBlock.js';
import { columnExists, exec, first, ident, rows, tableExists, type Db } from './db.js';
import type { ModuleManifest } from './manifest.js';
import { removeInvoiceStatusValue } from './invoiceStatusValue.js';
import { picklistTable } from './vtlibFields.js';
import { getModule, type ModuleRef } from './vtlibModule.js';

/**
 * Removes what an install added, symmetric to importModule + the postinstall hooks. Vtiger's own uninstall
 * leaves much behind (../shared/vtiger/golden/uninstall-leftovers.md); this removes every row and table, so a
 * database after install + uninstall equals the database before, except the `*_seq` counters (ids are never
 * handed out twice, as in Vtiger).
 */

async function dropTable(db: Db, table: string): Promise<void> {
  await exec(db, `DROP TABLE IF EXISTS ${ident(table)}`);
}

async function deleteFields(db: Db, fieldids: readonly number[]): Promise<void> {
  if (fieldids.length === 0) return;
  const marks = fieldids.map(() => '?').join(',');
  for (const table of ['vtiger_def_org_field', 'vtiger_profile2field', 'vtiger_fieldmodulerel', 'vtiger_field']) {
    await exec(db, `DELETE FROM ${table} WHERE fieldid IN (${marks})`, fieldids);
  }
}

/**
 * XTiger's module.preuninstall: the Xero block and fields, links, Settings entry, the bridge table it owns, and
 * "Partially Paid" when XTiger added it and no invoice uses it.
 */
export async function undoXTigerHook(db: Db): Promise<void> {
  const picklists = new Set<string>();
  for (const moduleName of SYNCED_MODULES) {
    const module = await getModule(db, moduleName);
    if (!module) continue;
    const cf = CUSTOM_FIELD_TABLES[moduleName].table;
    for (const f of xeroBlockFields(moduleName)) {
      const row = await first<{ fieldid: number }>(db, 'SELECT fieldid FROM vtiger_field WHERE tabid = ? AND fieldname = ?', [module.tabid, f.fieldname]);
      if (row) await deleteFields(db, [row.fieldid]);
      if (await columnExists(db, cf, f.column)) await exec(db, `ALTER TABLE ${ident(cf)} DROP COLUMN ${ident(f.column)}`);
      if (f.picklistValues) picklists.add(f.fieldname);
    }
    const block = await first<{ blockid: number }>(db, 'SELECT blockid FROM vtiger_blocks WHERE tabid = ? AND blocklabel = ?', [module.tabid, XERO_BLOCK_LABEL]);
    if (block && !(await first(db, 'SELECT 1 AS x FROM vtiger_field WHERE block = ?', [block.blockid]))) {
      await exec(db, 'DELETE FROM vtiger_blocks WHERE blockid = ?', [block.blockid]);
    }
    for (const l of XTIGER_MODULE_LINKS) {
      await exec(db, 'DELETE FROM vtiger_links WHERE tabid = ? AND linktype = ? AND linklabel = ? AND linkurl = ?', [module.tabid, l.linktype, l.linklabel, l.linkurl]);
    }
  }
  for (const name of picklists) {
    await dropTable(db, picklistTable(name));
    await dropTable(db, `${picklistTable(name)}_seq`);
  }
  await exec(db, "DELETE FROM vtiger_links WHERE tabid = 0 AND linktype = 'HEADERSCRIPT' AND linklabel = ? AND linkurl = ?", [XTIGER_HEADER_SCRIPT.linklabel, XTIGER_HEADER_SCRIPT.linkurl]);
  await exec(db, 'DELETE FROM vtiger_settings_field WHERE name = ?', [XTIGER_SETTINGS_ENTRY.name]);
  // The backend's migration 0002 creates the same table; when the backend owns it, it stays.
  const ownedByBackend = (await tableExists(db, 'xtiger_migrations'))
    && (await first(db, "SELECT 1 AS x FROM xtiger_migrations WHERE name = '0002_bridge'")) !== undefined;
  if (!ownedByBackend) await dropTable(db, 'xtiger_bridge');
  await removeInvoiceStatusValue(db);
}

/** Everything importModule wrote for one module, its records, its tables and its picklist tables. */
export async function removeModule(db: Db, manifest: ModuleManifest, module: ModuleRef): Promise<void> {
  const { tabid, name } = module;
  const fields = await rows<{ fieldid: number; fieldname: string; uitype: string }>(db, 'SELECT fieldid, fieldname, uitype FROM vtiger_field WHERE tabid = ?', [tabid]);
  await deleteFields(db, fields.map((f) => f.fieldid));
  for (const f of fields) {
    if (f.uitype === '16' && manifest.blocks.some((b) => b.fields.some((mf) => mf.fieldname === f.fieldname))) {
      await dropTable(db, picklistTable(f.fieldname));
      await dropTable(db, `${picklistTable(f.fieldname)}_seq`);
    }
  }
  await exec(db, 'DELETE FROM vtiger_fieldmodulerel WHERE module = ? OR relmodule = ?', [name, name]);
  await exec(db, 'DELETE FROM vtiger_blocks WHERE tabid = ?', [tabid]);
  const cvids = (await rows<{ cvid: number }>(db, 'SELECT cvid FROM vtiger_customview WHERE entitytype = ?', [name])).map((r) => r.cvid);
  for (const cvid of cvids) {
    for (const table of ['vtiger_cvadvfilter', 'vtiger_cvadvfilter_grouping', 'vtiger_cvstdfilter', 'vtiger_cvcolumnlist', 'vtiger_customview']) {
      await exec(db, `DELETE FROM ${table} WHERE cvid = ?`, [cvid]);
    }
  }
  // Records: per-user flags, then the crmentity rows (the module tables go with DROP TABLE below).
  await exec(db, 'DELETE u FROM vtiger_crmentity_user_field u JOIN vtiger_crmentity c ON c.crmid = u.recordid WHERE c.setype = ?', [name]);
  for (const t of [...manifest.tables].reverse()) await dropTable(db, t.name);
  await exec(db, 'DELETE FROM vtiger_crmentity WHERE setype = ?', [name]);
  for (const [table, column] of [
    ['vtiger_entityname', 'tabid'], ['vtiger_def_org_share', 'tabid'], ['vtiger_org_share_action2tab', 'tabid'], ['vtiger_profile2tab', 'tabid'],
    ['vtiger_profile2standardpermissions', 'tabid'], ['vtiger_profile2utility', 'tabid'], ['vtiger_tab_info', 'tabid'], ['vtiger_parenttabrel', 'tabid'],
    ['vtiger_app2tab', 'tabid'], ['vtiger_links', 'tabid'], ['vtiger_relatedlists', 'tabid'], ['vtiger_relatedlists', 'related_tabid'],
  ] as const) {
    await exec(db, `DELETE FROM ${table} WHERE ${column} = ?`, [tabid]);
  }
  await exec(db, 'DELETE FROM vtiger_ws_entity WHERE name = ?', [name]);
  await exec(db, 'DELETE FROM vtiger_modentity_num WHERE semodule = ?', [name]);
  await exec(db, 'DELETE FROM vtiger_tab WHERE tabid = ?', [tabid]);
}
