import type { Knex } from 'knex';
import { emptySharing, loadModuleSharing, type ModuleSharing } from './moduleSharing.js';
import { loadUserPrivileges, type UserPrivileges } from './userPrivileges.js';

/**
 * Vtiger's `isPermitted($module, 'DetailView' | 'EditView', $record)` (include/utils/UserInfoUtil.php) for the
 * records XTiger syncs, in TypeScript over Vtiger's tables, read when the call is made.
 *
 * Followed step by step: module active (vtiger_tab.presence 0) → admin yes → profile "View all"/"Edit all"
 * (vtiger_profile2globalpermissions) → module tab permission (vtiger_profile2tab) → action permission
 * (vtiger_profile2standardpermissions; no row = yes) → modules owned by nobody (vtiger_tab.ownedby 1) yes →
 * assigned to: the user, a user in a role below theirs, or one of their groups (smownerid; smgroupid when no
 * owner) → default organisation sharing (vtiger_def_org_share) → sharing rules (vtiger_datashare_*).
 *
 * Left out, on purpose:
 * - Related-module sharing ($related_module_share: e.g. an Invoice visible because its Organization is shared
 *   with "Invoice" as a related module): such an invoice is refused here although Vtiger would show it.
 *   Stricter than Vtiger, never looser.
 * - Calendar/Events rules (XTiger syncs no calendar module).
 * - Vtiger reads cached privilege files that change only on "recalculate"; we read the tables, so a change
 *   counts at once (the intent of the issue: a demoted admin loses admin immediately).
 * - The `parenttab=Settings` request parameter and the Users/Home/uploads shortcuts (not record modules).
 */
export type RecordAction = 'view' | 'edit';

/** Vtiger's action ids (vtiger_actionmapping): DetailView = 4, EditView = 1. */
export const ACTION_ID: Readonly<Record<RecordAction, number>> = { view: 4, edit: 1 };

export interface ModuleInfo {
  tabid: number;
  /** vtiger_tab.presence: 0 active. */
  presence: number;
  /** vtiger_tab.ownedby: 1 = records have no owner (no sharing). */
  ownedBy: number;
  /** Listed by getSharingModuleList (presence 0, ownedby 0, entity module). */
  sharingModule: boolean;
}

export interface RecordOwner {
  kind: 'user' | 'group' | 'none';
  id: number;
  /** The group came from smgroupid (no smownerid): it counts for "one of my groups", not for sharing rules. */
  fromGroupColumn?: boolean;
}

/** The decision for one record, given what Vtiger's privilege files would hold. Pure. */
export function decide(user: UserPrivileges, module: ModuleInfo, action: RecordAction, owner: RecordOwner, sharing: ModuleSharing): boolean {
  if (module.presence !== 0) return false;
  if (user.isAdmin) return true;
  const actionId = ACTION_ID[action];
  const globalView = user.globalPermission.get(1);
  const globalEdit = user.globalPermission.get(2);
  if ((globalView === 0 || globalEdit === 0) && (actionId === 3 || actionId === 4)) return true;
  if (globalEdit === 0 && (actionId === 3 || actionId === 4 || actionId === 0 || actionId === 1)) return true;
  // PHP: `$profileTabsPermission[$tabid] != 0`, so a missing entry passes.
  const tab = user.tabPermission.get(module.tabid);
  if (tab !== undefined && tab !== 0) return false;
  const act = user.actionPermission.get(module.tabid)?.get(actionId);
  if (act === undefined) return true;
  if (act !== 0) return false;
  if (module.ownedBy === 1) return true;
  if (owner.kind === 'user') {
    if (owner.id === user.userId || user.subordinateRoleUsers.has(owner.id)) return true;
  } else if (owner.kind === 'group') {
    if (user.groups.has(owner.id)) return true;
  }
  const others = user.defaultOrgSharing.get(module.tabid);
  // Sharing rules look at smownerid only (getRecordOwnerId), not at smgroupid.
  const shared = (roles: Map<string, number[]>, groups: Map<number, number[]>): boolean => {
    if (!module.sharingModule) return false;
    if (owner.kind === 'user') return [...roles.values(), ...groups.values()].some((ids) => ids.includes(owner.id));
    if (owner.kind === 'group' && !owner.fromGroupColumn) return groups.has(owner.id);
    return false;
  };
  switch (others) {
    case 0: // Public: read only
      return action === 'edit' ? shared(sharing.writeRoles, sharing.writeGroups) : true;
    case 1: // Public: read, create/edit
    case 2: // Public: read, create/edit, delete
      return true;
    case 3: // Private
      return action === 'view' ? shared(sharing.readRoles, sharing.readGroups) : shared(sharing.writeRoles, sharing.writeGroups);
    default:
      return true;
  }
}

export async function readModuleInfo(knex: Knex, module: string): Promise<ModuleInfo | undefined> {
  const row = (await knex('vtiger_tab').where({ name: module }).first('tabid', 'presence', 'ownedby', 'isentitytype')) as
    | { tabid: number; presence: number; ownedby: number; isentitytype: number }
    | undefined;
  if (!row) return undefined;
  const presence = Number(row.presence);
  const ownedBy = Number(row.ownedby);
  return { tabid: Number(row.tabid), presence, ownedBy, sharingModule: presence === 0 && ownedBy === 0 && Number(row.isentitytype) === 1 && module !== 'Calendar' && module !== 'Events' };
}

/**
 * Which of `ids` the user may view (or edit) in `module`. Ids that do not exist, are deleted or belong to
 * another module are refused like the ones the user may not see: the caller cannot tell them apart.
 */
export async function permittedRecords(
  knex: Knex,
  user: { userId: number; isAdmin: boolean },
  module: string,
  ids: readonly number[],
  action: RecordAction,
): Promise<{ permitted: number[]; refused: number[] }> {
  const unique = [...new Set(ids)];
  const info = await readModuleInfo(knex, module);
  if (!info || unique.length === 0) return { permitted: [], refused: unique };
  const rows = (await knex('vtiger_crmentity').whereIn('crmid', unique).andWhere({ setype: module, deleted: 0 }).select('crmid', 'smownerid', 'smgroupid')) as Array<{
    crmid: number;
    smownerid: number | null;
    smgroupid: number | null;
  }>;
  const ownerIds = [...new Set(rows.map((r) => Number(r.smownerid)).filter((id) => id > 0))];
  const userIds = new Set(
    ownerIds.length === 0 ? [] : ((await knex('vtiger_users').whereIn('id', ownerIds).select('id')) as Array<{ id: number }>).map((u) => Number(u.id)),
  );
  const privileges = await loadUserPrivileges(knex, user);
  let sharing: ModuleSharing | undefined;
  const permittedSet = new Set<number>();
  for (const r of rows) {
    const ownerId = Number(r.smownerid);
    const owner: RecordOwner = ownerId > 0 ? { kind: userIds.has(ownerId) ? 'user' : 'group', id: ownerId } : Number(r.smgroupid) > 0 ? { kind: 'group', id: Number(r.smgroupid), fromGroupColumn: true } : { kind: 'none', id: 0 };
    sharing ??= privileges.isAdmin ? emptySharing() : await loadModuleSharing(knex, privileges, info.tabid);
    if (decide(privileges, info, action, owner, sharing)) permittedSet.add(Number(r.crmid));
  }
  return { permitted: unique.filter((id) => permittedSet.has(id)), refused: unique.filter((id) => !permittedSet.has(id)) };
}
