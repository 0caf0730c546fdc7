import { up as createBridgeTable } from '../../db/migrations/0002_bridge.js';
import {
  CUSTOM_FIELD_TABLES, SYNCED_MODULES, XERO_BLOCK_LABEL, XTIGER_HEADER_SCRIPT, XTIGER_MODULE_LINKS, XTIGER_RELATED_LISTS,
  XTIGER_SETTINGS_ENTRY, xeroBlockFields,
} from '../../vtiger/xeroInformationBlock.js';
import type { PostInstallHook } from './importModule.js';
import { addInvoiceStatusValue } from './invoiceStatusValue.js';
import type { XTigerModuleName } from './manifest.js';
import { addField, getField, getOrAddBlock, setPicklistValues } from './vtlibFields.js';
import { addFilterConditionGroup } from './vtlibFilters.js';
import { addLink, addSettingsEntry, setRelatedList } from './vtlibLinks.js';
import { configureRecordNumbering, getModule, requireModule } from './vtlibModule.js';

/**
 * The `module.postinstall` handlers of our four modules (written in PHP in vtiger-module/<Module>/<Module>.php),
 * reproduced step by step with the same vtlib calls, so a test database gets what a real install gives.
 * Every step is guarded, as the PHP hooks are: running a hook twice changes nothing.
 */

/** Record-number prefixes (CRMEntity::setModuleSeqNumber('configure', module, prefix, 1)). */
export const RECORD_NUMBER_PREFIXES = { XTLog: 'XTL', XTQueue: 'XTQ', XeroAccounts: 'XA' } as const;

/** XTLog / XTQueue / XeroAccounts: record numbering, and the condition group of filters that have conditions. */
function entityModuleHook(prefix: string): PostInstallHook {
  return async (db, module) => {
    await configureRecordNumbering(db, module.name, prefix, '1');
    const filters = await db.raw('SELECT DISTINCT c.cvid FROM vtiger_customview c JOIN vtiger_cvadvfilter a ON a.cvid = c.cvid WHERE c.entitytype = ?', [module.name]) as [Array<{ cvid: number }>];
    for (const { cvid } of filters[0]) await addFilterConditionGroup(db, cvid);
  };
}

/**
 * XTiger's postinstall: the Xero block on the synced modules, links, related lists, Settings entry, bridge table,
 * and the invoice status "Partially Paid".
 */
export const xtigerPostInstall: PostInstallHook = async (db) => {
  const picklistsFilled = new Set<string>();
  for (const moduleName of SYNCED_MODULES) {
    const module = await requireModule(db, moduleName);
    const block = await getOrAddBlock(db, module, XERO_BLOCK_LABEL);
    for (const f of xeroBlockFields(moduleName)) {
      if (await getField(db, module, f.fieldname)) continue;
      const field = await addField(db, block, {
        name: f.fieldname, label: f.label, table: CUSTOM_FIELD_TABLES[moduleName].table, column: f.column, columntype: f.columntype,
        uitype: f.uitype, typeofdata: f.typeofdata, displaytype: f.displaytype, masseditable: f.masseditable, defaultvalue: f.defaultvalue,
      });
      // One global table per picklist field name: fill it once, not once per module.
      if (f.picklistValues && !picklistsFilled.has(f.fieldname)) {
        await setPicklistValues(db, field, f.picklistValues, true);
        picklistsFilled.add(f.fieldname);
      }
    }
  }
  await addLink(db, 0, 'HEADERSCRIPT', XTIGER_HEADER_SCRIPT.linklabel, XTIGER_HEADER_SCRIPT.linkurl);
  for (const moduleName of SYNCED_MODULES) {
    const module = await requireModule(db, moduleName);
    for (const l of XTIGER_MODULE_LINKS) await addLink(db, module.tabid, l.linktype, l.linklabel, l.linkurl);
  }
  for (const rl of XTIGER_RELATED_LISTS) {
    const related = await getModule(db, rl.module);
    if (!related) continue; // installed later: its own install does not add these, so install XTLog/XTQueue first
    const relationField = await getField(db, related, rl.relationField);
    if (!relationField) throw new Error(`${rl.module} has no field ${rl.relationField}`);
    for (const moduleName of SYNCED_MODULES) {
      await setRelatedList(db, await requireModule(db, moduleName), related, rl.label, [], 'get_dependents_list', relationField.fieldid);
    }
  }
  await addSettingsEntry(db, { ...XTIGER_SETTINGS_ENTRY });
  // The same SQL as the backend's migration (CREATE TABLE IF NOT EXISTS + INSERT IGNORE): one table, one secret.
  await createBridgeTable(db);
  await addInvoiceStatusValue(db);
};

export const POST_INSTALL_HOOKS: Readonly<Record<XTigerModuleName, PostInstallHook>> = {
  XTiger: xtigerPostInstall,
  XTLog: entityModuleHook(RECORD_NUMBER_PREFIXES.XTLog),
  XTQueue: entityModuleHook(RECORD_NUMBER_PREFIXES.XTQueue),
  XeroAccounts: entityModuleHook(RECORD_NUMBER_PREFIXES.XeroAccounts),
};
