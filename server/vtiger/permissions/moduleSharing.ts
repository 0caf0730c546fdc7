import type { Knex } from 'knex';
import { roleAndSubordinates, usersOfRoles, type UserPrivileges } from './userPrivileges.js';

/**
 * The sharing rules of one module as they apply to one user: Vtiger's `$<Module>_share_read_permission` and
 * `$<Module>_share_write_permission` (CreateUserPrivilegeFile.php, getUserModuleSharingObjects), from the
 * vtiger_datashare_* tables at call time. Only for modules whose default sharing is Public read only (0) or
 * Private (3); otherwise Vtiger computes no rules either.
 *
 * Read lists are filled only when the default is Private; write lists from rules with permission 1 (read/write).
 */
export interface ModuleSharing {
  /** Shared roles → their users (the 'ROLE' arrays). */
  readRoles: Map<string, number[]>;
  writeRoles: Map<string, number[]>;
  /** Shared groups (and their subgroups) → their users (the 'GROUP' arrays). */
  readGroups: Map<number, number[]>;
  writeGroups: Map<number, number[]>;
}

export function emptySharing(): ModuleSharing {
  return { readRoles: new Map(), writeRoles: new Map(), readGroups: new Map(), writeGroups: new Map() };
}

interface RuleRow {
  permission: number;
}

/**
 * GetGroupUsers::getAllUsersInGroup: a group's users (direct, of its roles, of its roles-and-subordinates, of its
 * subgroups) and each subgroup with its own users. (Vtiger gives a sub-subgroup its parent's user list, a quirk
 * we do not copy: each subgroup gets its own users.)
 */
async function usersInGroup(knex: Knex, groupId: number, seen: Set<number> = new Set()): Promise<{ users: number[]; subgroups: Map<number, number[]> }> {
  seen.add(groupId);
  const users = new Set<number>();
  ((await knex('vtiger_users2group').where({ groupid: groupId }).select('userid')) as Array<{ userid: number }>).forEach((r) => users.add(Number(r.userid)));
  const roles = ((await knex('vtiger_group2role').where({ groupid: groupId }).select('roleid')) as Array<{ roleid: string }>).map((r) => r.roleid);
  for (const list of (await usersOfRoles(knex, roles)).values()) list.forEach((u) => users.add(u));
  const rsRoles = ((await knex('vtiger_group2rs').where({ groupid: groupId }).select('roleandsubid')) as Array<{ roleandsubid: string }>).map((r) => r.roleandsubid);
  for (const rs of rsRoles) for (const list of (await usersOfRoles(knex, await roleAndSubordinates(knex, rs))).values()) list.forEach((u) => users.add(u));
  const subgroups = new Map<number, number[]>();
  const children = ((await knex('vtiger_group2grouprel').where({ groupid: groupId }).select('containsgroupid')) as Array<{ containsgroupid: number }>).map((r) => Number(r.containsgroupid));
  for (const child of children) {
    if (seen.has(child)) continue;
    const sub = await usersInGroup(knex, child, seen);
    if (!subgroups.has(child)) subgroups.set(child, sub.users);
    sub.users.forEach((u) => users.add(u));
    for (const [id, list] of sub.subgroups) if (!subgroups.has(id)) subgroups.set(id, list);
  }
  return { users: [...users], subgroups };
}

export async function loadModuleSharing(knex: Knex, user: UserPrivileges, tabid: number): Promise<ModuleSharing> {
  const sharing = emptySharing();
  const def = user.defaultOrgSharing.get(tabid);
  if (!(def === 3 || def === 0) || !user.roleId) return sharing;
  const rolesUp = [...user.parentRoles, user.roleId];
  const groupList = user.groups.size > 0 ? [...user.groups] : [0];
  const rules = <R>(table: string, toColumn: string, to: ReadonlyArray<string | number>): Promise<Array<R & RuleRow>> =>
    knex(`${table} as s`)
      .join('vtiger_datashare_module_rel as m', 'm.shareid', 's.shareid')
      .where('m.tabid', tabid)
      .whereIn(`s.${toColumn}`, [...to])
      .select('s.*') as Promise<Array<R & RuleRow>>;

  const shareRole = async (roleIds: string[], permission: number): Promise<void> => {
    for (const roleId of roleIds) {
      const users = async () => (await usersOfRoles(knex, [roleId])).get(roleId) ?? [];
      if (permission === 1) {
        if (def === 3 && !sharing.readRoles.has(roleId)) sharing.readRoles.set(roleId, await users());
        if (!sharing.writeRoles.has(roleId)) sharing.writeRoles.set(roleId, await users());
      } else if (permission === 0 && def === 3 && !sharing.readRoles.has(roleId)) {
        sharing.readRoles.set(roleId, await users());
      }
    }
  };
  const shareGroup = async (groupId: number, permission: number): Promise<void> => {
    const put = async (target: Map<number, number[]>) => {
      if (target.has(groupId)) return;
      const { users, subgroups } = await usersInGroup(knex, groupId);
      target.set(groupId, users);
      for (const [id, list] of subgroups) if (!target.has(id)) target.set(id, list);
    };
    if (permission === 1) {
      if (def === 3) await put(sharing.readGroups);
      await put(sharing.writeGroups);
    } else if (permission === 0 && def === 3) {
      await put(sharing.readGroups);
    }
  };

  type RoleShare = { share_roleid: string };
  type RsShare = { share_roleandsubid: string };
  type GroupShare = { share_groupid: number };
  // Records of a role shared with: my role, a role-and-subordinates above me, my groups.
  for (const r of await rules<RoleShare>('vtiger_datashare_role2role', 'to_roleid', [user.roleId])) await shareRole([r.share_roleid], Number(r.permission));
  for (const r of await rules<RoleShare>('vtiger_datashare_role2rs', 'to_roleandsubid', rolesUp)) await shareRole([r.share_roleid], Number(r.permission));
  for (const r of await rules<RoleShare>('vtiger_datashare_role2group', 'to_groupid', groupList)) await shareRole([r.share_roleid], Number(r.permission));
  // Records of a role and its subordinates shared with the same three.
  for (const r of await rules<RsShare>('vtiger_datashare_rs2role', 'to_roleid', [user.roleId])) await shareRole(await roleAndSubordinates(knex, r.share_roleandsubid), Number(r.permission));
  for (const r of await rules<RsShare>('vtiger_datashare_rs2rs', 'to_roleandsubid', rolesUp)) await shareRole(await roleAndSubordinates(knex, r.share_roleandsubid), Number(r.permission));
  for (const r of await rules<RsShare>('vtiger_datashare_rs2grp', 'to_groupid', groupList)) await shareRole(await roleAndSubordinates(knex, r.share_roleandsubid), Number(r.permission));
  // Records of a group shared with the same three.
  for (const r of await rules<GroupShare>('vtiger_datashare_grp2role', 'to_roleid', [user.roleId])) await shareGroup(Number(r.share_groupid), Number(r.permission));
  for (const r of await rules<GroupShare>('vtiger_datashare_grp2rs', 'to_roleandsubid', rolesUp)) await shareGroup(Number(r.share_groupid), Number(r.permission));
  for (const r of await rules<GroupShare>('vtiger_datashare_grp2grp', 'to_groupid', groupList)) await shareGroup(Number(r.share_groupid), Number(r.permission));
  return sharing;
}
