import { exec, first, maxOf, nextId, profileIds, rows, type Db } from './db.js';

/**
 * Module-level steps of vtlib (Vtiger_ModuleBasic / Vtiger_Module / Vtiger_Profile / Vtiger_Access / Vtiger_Menu /
 * Vtiger_AppMenu / Vtiger_Webservice), reproduced row for row, in Vtiger's order, from Vtiger 8.x's source.
 */
export interface ModuleRef {
  tabid: number;
  name: string;
  isEntity: boolean;
}

export async function getModule(db: Db, name: string): Promise<ModuleRef | undefined> {
  const row = await first<{ tabid: number; name: string; isentitytype: number }>(db, 'SELECT tabid, name, isentitytype FROM vtiger_tab WHERE name = ?', [name]);
  return row ? { tabid: row.tabid, name: row.name, isEntity: row.isentitytype === 1 } : undefined;
}

export async function requireModule(db: Db, name: string): Promise<ModuleRef> {
  const m = await getModule(db, name);
  if (!m) throw new Error(`module ${name} is not installed`);
  return m;
}

export interface NewModule {
  name: string;
  label: string;
  parent: string;
  isEntity: boolean;
  version: string;
  minVersion: string;
  maxVersion: string;
}

/** Vtiger_ModuleBasic::__create: vtiger_tab, tab_info, profile permissions, sharing actions, menus. */
export async function createModule(db: Db, m: NewModule): Promise<ModuleRef> {
  // tabid is MAX(tabid)+1, not a sequence; tabsequence is stored as -1 whatever it computes.
  const tabid = (await maxOf(db, 'vtiger_tab', 'tabid', '1=1', [])) + 1;
  await exec(
    db,
    'INSERT INTO vtiger_tab (tabid,name,presence,tabsequence,tablabel,modifiedby,modifiedtime,customized,ownedby,version,parent) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    [tabid, m.name, 0, -1, m.label || m.name, null, null, 1, 0, m.version, m.parent],
  );
  await exec(db, 'UPDATE vtiger_tab SET isentitytype = ? WHERE tabid = ?', [m.isEntity ? 1 : 0, tabid]);
  for (const [pref, value] of [['vtiger_min_version', m.minVersion], ['vtiger_max_version', m.maxVersion]] as const) {
    if (!value) continue;
    const exists = await first(db, 'SELECT 1 AS x FROM vtiger_tab_info WHERE tabid = ? AND prefname = ?', [tabid, pref]);
    if (exists) await exec(db, 'UPDATE vtiger_tab_info SET prefvalue = ? WHERE tabid = ? AND prefname = ?', [value, tabid, pref]);
    else await exec(db, 'INSERT INTO vtiger_tab_info (tabid, prefname, prefvalue) VALUES (?,?,?)', [tabid, pref, value]);
  }
  const ref: ModuleRef = { tabid, name: m.name, isEntity: m.isEntity };
  await initProfilesForModule(db, ref);
  if (m.isEntity) await initSharing(db, ref);
  if (m.parent) await addToMenus(db, ref, m.parent);
  return ref;
}

/** Vtiger_Profile::initForModule: per profile a profile2tab row, and for entity modules the standard actions. */
async function initProfilesForModule(db: Db, m: ModuleRef): Promise<void> {
  const actions = await rows<{ actionid: number }>(
    db,
    "SELECT actionid FROM vtiger_actionmapping WHERE actionname IN ('Save','EditView','Delete','index','DetailView','CreateView')",
  );
  for (const profileid of await profileIds(db)) {
    await exec(db, 'INSERT INTO vtiger_profile2tab (profileid, tabid, permissions) VALUES (?,?,?)', [profileid, m.tabid, 0]);
    if (!m.isEntity) continue;
    for (const { actionid } of actions) {
      await exec(db, 'INSERT INTO vtiger_profile2standardpermissions (profileid, tabid, operation, permissions) VALUES (?,?,?,?)', [profileid, m.tabid, actionid, 0]);
    }
  }
}

/** Vtiger_Access::initSharing: the four sharing choices offered for the module in Settings. */
async function initSharing(db: Db, m: ModuleRef): Promise<void> {
  const actions = await rows<{ share_action_id: number }>(
    db,
    "SELECT share_action_id FROM vtiger_org_share_action_mapping WHERE share_action_name IN ('Public: Read Only', 'Public: Read, Create/Edit', 'Public: Read, Create/Edit, Delete', 'Private')",
  );
  for (const { share_action_id } of actions) {
    await exec(db, 'INSERT INTO vtiger_org_share_action2tab (share_action_id, tabid) VALUES (?,?)', [share_action_id, m.tabid]);
  }
}

/**
 * Vtiger_Menu::addModule (legacy parent tab: always a new vtiger_parenttabrel row) and Vtiger_AppMenu::addModule
 * (vtiger_app2tab, once). Vtiger calls both in __create and again in import_Module, hence two parenttabrel rows.
 */
export async function addToMenus(db: Db, m: ModuleRef, parent: string): Promise<void> {
  const menu = await first<{ parenttabid: number }>(db, 'SELECT parenttabid FROM vtiger_parenttab WHERE parenttab_label = ?', [parent]);
  if (menu) {
    const seq = (await maxOf(db, 'vtiger_parenttabrel', 'sequence', 'parenttabid = ?', [menu.parenttabid])) + 1;
    await exec(db, 'INSERT INTO vtiger_parenttabrel (parenttabid, tabid, sequence) VALUES (?,?,?)', [menu.parenttabid, m.tabid, seq]);
  }
  // AppMenu::getInstance matches the app name case-insensitively and keeps the stored (upper-case) name.
  const app = await first<{ appname: string }>(db, 'SELECT appname FROM vtiger_app2tab WHERE appname = ? LIMIT 1', [parent]);
  if (app) {
    const exists = await first(db, 'SELECT 1 AS x FROM vtiger_app2tab WHERE appname = ? AND tabid = ? LIMIT 1', [app.appname, m.tabid]);
    if (!exists) {
      const seq = (await maxOf(db, 'vtiger_app2tab', 'sequence', 'appname = ?', [app.appname])) + 1;
      await exec(db, 'INSERT INTO vtiger_app2tab (appname, tabid, sequence, visible) VALUES (?,?,?,?)', [app.appname, m.tabid, seq, 1]);
    }
  }
}

/** Settings_MenuEditor_Module_Model::addModuleToApp: a vtiger_app2tab row for the upper-case app, if missing. */
export async function addModuleToApp(db: Db, m: ModuleRef, parent: string): Promise<void> {
  if (!parent) return;
  const appname = parent.toUpperCase();
  const exists = await first(db, 'SELECT 1 AS x FROM vtiger_app2tab WHERE tabid = ? AND appname = ?', [m.tabid, appname]);
  if (exists) return;
  const seq = (await maxOf(db, 'vtiger_app2tab', 'sequence', 'appname = ?', [appname])) + 1;
  await exec(db, 'INSERT INTO vtiger_app2tab (tabid, appname, sequence) VALUES (?,?,?)', [m.tabid, appname, seq]);
}

const SHARING: Readonly<Record<string, number>> = { public_readonly: 0, public_readwrite: 1, public_readwritedelete: 2, private: 3 };

/** Vtiger_Access::setDefaultSharing (unknown text means public_readwritedelete, as in Vtiger). */
export async function setDefaultSharing(db: Db, m: ModuleRef, permissionText: string): Promise<void> {
  const permission = SHARING[permissionText.toLowerCase()] ?? 2;
  const existing = await first<{ ruleid: number }>(db, 'SELECT ruleid FROM vtiger_def_org_share WHERE tabid = ?', [m.tabid]);
  if (existing) {
    await exec(db, 'UPDATE vtiger_def_org_share SET permission = ? WHERE ruleid = ?', [permission, existing.ruleid]);
    return;
  }
  const ruleid = await nextId(db, 'vtiger_def_org_share');
  await exec(db, 'INSERT INTO vtiger_def_org_share (ruleid, tabid, permission, editstatus) VALUES (?,?,?,?)', [ruleid, m.tabid, permission, 0]);
}

/** Vtiger_Access::updateTool: Import/Export/Merge… per profile in vtiger_profile2utility (0 allowed, 1 not). */
export async function updateTool(db: Db, m: ModuleRef, tool: string, enabled: boolean): Promise<void> {
  const action = await first<{ actionid: number }>(db, 'SELECT actionid FROM vtiger_actionmapping WHERE actionname = ?', [tool]);
  if (!action) return;
  const permission = enabled ? 0 : 1;
  for (const profileid of await profileIds(db)) {
    const cur = await first<{ permission: number }>(db, 'SELECT permission FROM vtiger_profile2utility WHERE profileid = ? AND tabid = ? AND activityid = ?', [profileid, m.tabid, action.actionid]);
    if (cur) {
      if (Number(cur.permission) !== permission) {
        await exec(db, 'UPDATE vtiger_profile2utility SET permission = ? WHERE profileid = ? AND tabid = ? AND activityid = ?', [permission, profileid, m.tabid, action.actionid]);
      }
    } else {
      await exec(db, 'INSERT INTO vtiger_profile2utility (profileid, tabid, activityid, permission) VALUES (?,?,?,?)', [profileid, m.tabid, action.actionid, permission]);
    }
  }
}

/** Vtiger_Webservice::initialize → vtws_addDefaultModuleTypeEntity (entity modules only). */
export async function initWebservice(db: Db, m: ModuleRef): Promise<void> {
  if (!m.isEntity) return;
  if (await first(db, 'SELECT 1 AS x FROM vtiger_ws_entity WHERE name = ?', [m.name])) return;
  const id = await nextId(db, 'vtiger_ws_entity');
  await exec(db, 'INSERT INTO vtiger_ws_entity (id, name, handler_path, handler_class, ismodule) VALUES (?,?,?,?,?)', [
    id, m.name, 'include/Webservices/VtigerModuleOperation.php', 'VtigerModuleOperation', 1,
  ]);
}

/** CRMEntity::setModuleSeqNumber('configure', …): the module's record numbering (prefix, first number). */
export async function configureRecordNumbering(db: Db, module: string, prefix: string, startNumber: string): Promise<void> {
  if (await first(db, 'SELECT cur_id FROM vtiger_modentity_num WHERE semodule = ? AND prefix = ?', [module, prefix])) return;
  const numId = await nextId(db, 'vtiger_modentity_num');
  const active = await first<{ num_id: number }>(db, "SELECT num_id FROM vtiger_modentity_num WHERE semodule = ? AND active = '1'", [module]);
  if (active) await exec(db, "UPDATE vtiger_modentity_num SET active = '0' WHERE num_id = ?", [active.num_id]);
  await exec(db, 'INSERT INTO vtiger_modentity_num (num_id, semodule, prefix, start_id, cur_id, active) VALUES (?,?,?,?,?,?)', [
    numId, module, prefix, startNumber, startNumber, '1',
  ]);
}
