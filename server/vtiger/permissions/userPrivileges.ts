import type { Knex } from 'knex';

/**
 * What Vtiger writes into `user_privileges/user_privileges_<id>.php` (modules/Users/CreateUserPrivilegeFile.php,
 * createUserPrivilegesfile), computed from Vtiger's tables at the moment of the call instead of read from the
 * file: a change of role, profile or admin flag counts at once (Vtiger itself waits for "recalculate").
 */
export interface VtigerUserRow {
  userId: number;
  userName: string;
  isAdmin: boolean;
  /** Vtiger language (en_us, ja_jp, …). */
  language: string;
}

export interface UserPrivileges {
  userId: number;
  isAdmin: boolean;
  /** vtiger_user2role; '' when the user has no role (every check then falls through to "no"). */
  roleId: string;
  /** The roles above the user's (getParentRole). */
  parentRoles: string[];
  /** $profileGlobalPermission: 1 = View all, 2 = Edit all; 0 means granted. */
  globalPermission: Map<number, number>;
  /** $profileTabsPermission: tabid → 0 granted / 1 not. */
  tabPermission: Map<number, number>;
  /** $profileActionPermission: tabid → actionid → 0 granted / 1 not. */
  actionPermission: Map<number, Map<number, number>>;
  /** $current_user_groups (GetUserGroups::getAllUserGroups). */
  groups: Set<number>;
  /** The users of every role below the user's ($subordinate_roles_users flattened). */
  subordinateRoleUsers: Set<number>;
  /** $defaultOrgSharingPermission: tabid → 0 public read, 1 read/write, 2 read/write/delete, 3 private. */
  defaultOrgSharing: Map<number, number>;
}

/** The user when they may use Vtiger right now: Active, not deleted, a positive id. Admin rights as they are now. */
export async function findActiveVtigerUser(knex: Knex, userId: number): Promise<VtigerUserRow | undefined> {
  if (!Number.isSafeInteger(userId) || userId <= 0) return undefined;
  const row = (await knex('vtiger_users').where({ id: userId, deleted: 0, status: 'Active' }).first('id', 'user_name', 'is_admin', 'language')) as
    | { id: number; user_name: string | null; is_admin: string | null; language: string | null }
    | undefined;
  if (!row) return undefined;
  return { userId: Number(row.id), userName: row.user_name ?? '', isAdmin: row.is_admin === 'on', language: row.language || 'en_us' };
}

/** Roles below `parentRoleSeq` (getRoleSubordinates: parentrole LIKE 'seq::%'). */
async function subordinateRoles(knex: Knex, parentRoleSeq: string): Promise<string[]> {
  if (!parentRoleSeq) return [];
  const rows = (await knex('vtiger_role').where('parentrole', 'like', `${parentRoleSeq}::%`).select('roleid')) as Array<{ roleid: string }>;
  return rows.map((r) => r.roleid);
}

/** Users of roles (getRoleUsers / getRoleUserIds: vtiger_user2role joined with vtiger_users, any status). */
export async function usersOfRoles(knex: Knex, roleIds: readonly string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(roleIds.map((r) => [r, []]));
  if (roleIds.length === 0) return out;
  const rows = (await knex('vtiger_user2role as ur').join('vtiger_users as u', 'u.id', 'ur.userid').whereIn('ur.roleid', [...roleIds]).select('ur.roleid', 'ur.userid')) as Array<{
    roleid: string;
    userid: number;
  }>;
  for (const r of rows) out.get(r.roleid)?.push(Number(r.userid));
  return out;
}

/** A role and everything below it, Vtiger's way (getRoleAndSubordinatesRoleIds: parentrole LIKE 'seq%', no '::'). */
export async function roleAndSubordinates(knex: Knex, roleId: string): Promise<string[]> {
  const role = (await knex('vtiger_role').where({ roleid: roleId }).first('parentrole')) as { parentrole: string } | undefined;
  if (!role) return [];
  const rows = (await knex('vtiger_role').where('parentrole', 'like', `${role.parentrole}%`).select('roleid')) as Array<{ roleid: string }>;
  return rows.map((r) => r.roleid);
}

/** GetUserGroups::getAllUserGroups: direct groups, groups of the role, of a role-and-subordinates above, and their parent groups. */
async function groupsOfUser(knex: Knex, userId: number, roleId: string, parentRoles: string[]): Promise<Set<number>> {
  const groups = new Set<number>();
  const add = (rows: Array<{ groupid: number }>) => rows.forEach((r) => groups.add(Number(r.groupid)));
  add((await knex('vtiger_users2group').where({ userid: userId }).select('groupid')) as Array<{ groupid: number }>);
  if (roleId) {
    add((await knex('vtiger_group2role').where({ roleid: roleId }).select('groupid')) as Array<{ groupid: number }>);
    add((await knex('vtiger_group2rs').whereIn('roleandsubid', [...parentRoles, roleId]).select('groupid')) as Array<{ groupid: number }>);
  }
  // GetParentGroups, recursively.
  let frontier = [...groups];
  while (frontier.length > 0) {
    const parents = (await knex('vtiger_group2grouprel').whereIn('containsgroupid', frontier).select('groupid')) as Array<{ groupid: number }>;
    frontier = parents.map((p) => Number(p.groupid)).filter((g) => !groups.has(g));
    frontier.forEach((g) => groups.add(g));
  }
  return groups;
}

/**
 * getCombinedUser*Permissions: the first profile's values, where a value is 1 (denied) and a later profile has
 * 0 it becomes 0. Keys the first profile lacks stay absent, as in Vtiger.
 */
function combine(perProfile: Array<Map<number, number>>): Map<number, number> {
  const [first, ...rest] = perProfile;
  const out = new Map(first ?? []);
  for (const other of rest) for (const [k, v] of out) if (v === 1 && other.get(k) === 0) out.set(k, 0);
  return out;
}

export async function loadUserPrivileges(knex: Knex, user: { userId: number; isAdmin: boolean }): Promise<UserPrivileges> {
  const defaultOrgSharing = new Map(
    ((await knex('vtiger_def_org_share').select('tabid', 'permission')) as Array<{ tabid: number; permission: number }>).map((r) => [Number(r.tabid), Number(r.permission)]),
  );
  const roleRow = (await knex('vtiger_user2role as ur').join('vtiger_role as r', 'r.roleid', 'ur.roleid').where('ur.userid', user.userId).first('r.roleid', 'r.parentrole')) as
    | { roleid: string; parentrole: string }
    | undefined;
  const roleId = roleRow?.roleid ?? '';
  const parentRoles = (roleRow?.parentrole ?? '').split('::').filter((r) => r && r !== roleId);
  const profileIds = roleId
    ? ((await knex('vtiger_role2profile').where({ roleid: roleId }).orderBy('profileid').select('profileid')) as Array<{ profileid: number }>).map((p) => Number(p.profileid))
    : [];
  const byProfile = async <R>(table: string, columns: string[], key: (r: R) => number, value: (r: R) => number): Promise<Array<Map<number, number>>> => {
    if (profileIds.length === 0) return [];
    const rows = (await knex(table).whereIn('profileid', profileIds).select('profileid', ...columns)) as Array<R & { profileid: number }>;
    return profileIds.map((id) => new Map(rows.filter((r) => Number(r.profileid) === id).map((r) => [key(r), value(r)])));
  };
  type Global = { globalactionid: number; globalactionpermission: number };
  type Tab = { tabid: number; permissions: number };
  type Action = { tabid: number; operation: number; permissions: number };
  const globalPermission = combine(await byProfile<Global>('vtiger_profile2globalpermissions', ['globalactionid', 'globalactionpermission'], (r) => Number(r.globalactionid), (r) => Number(r.globalactionpermission)));
  const tabPermission = combine(await byProfile<Tab>('vtiger_profile2tab', ['tabid', 'permissions'], (r) => Number(r.tabid), (r) => Number(r.permissions)));
  // Actions keyed tabid * 1000 + actionid while combining, then split.
  const actionFlat = combine(
    await byProfile<Action>('vtiger_profile2standardpermissions', ['tabid', 'operation', 'permissions'], (r) => Number(r.tabid) * 1000 + Number(r.operation), (r) => Number(r.permissions)),
  );
  const actionPermission = new Map<number, Map<number, number>>();
  for (const [k, v] of actionFlat) {
    const tabid = Math.floor(k / 1000);
    if (!actionPermission.has(tabid)) actionPermission.set(tabid, new Map());
    actionPermission.get(tabid)?.set(k % 1000, v);
  }
  const subRoles = await subordinateRoles(knex, roleRow?.parentrole ?? '');
  const subordinateRoleUsers = new Set([...(await usersOfRoles(knex, subRoles)).values()].flat());
  return {
    userId: user.userId,
    isAdmin: user.isAdmin,
    roleId,
    parentRoles,
    globalPermission,
    tabPermission,
    actionPermission,
    groups: await groupsOfUser(knex, user.userId, roleId, parentRoles),
    subordinateRoleUsers,
    defaultOrgSharing,
  };
}
