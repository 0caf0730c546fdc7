import type { Knex } from 'knex';

/**
 * Test fixtures: users, roles, groups and sharing rules written with SQL into the rows Vtiger's own screens write
 * (Users Save: vtiger_users + vtiger_user2role + vtiger_users2group; Roles: vtiger_role with its parentrole
 * path + vtiger_role2profile; Sharing Access: vtiger_def_org_share, vtiger_datashare_module_rel +
 * vtiger_datashare_<from>2<to>). Ids come from Vtiger's *_seq tables as Vtiger's PearDatabase::getUniqueID does.
 */
async function nextId(knex: Knex, seqTable: string): Promise<number> {
  return knex.transaction(async (trx) => {
    const row = (await trx(seqTable).forUpdate().first('id')) as { id: number } | undefined;
    const next = Number(row?.id ?? 0) + 1;
    if (row) await trx(seqTable).update({ id: next });
    else await trx(seqTable).insert({ id: next });
    return next;
  });
}

export interface TestUserInput {
  userName: string;
  isAdmin?: boolean;
  /** Default H5 (Sales Person, Sales Profile) for users, H2 (CEO) for admins. */
  roleId?: string;
  status?: 'Active' | 'Inactive';
  language?: string;
  /** A fixed id (tests that must match an id in a token); from vtiger_users_seq otherwise. */
  id?: number;
  groupIds?: number[];
}

export async function createVtigerUser(knex: Knex, input: TestUserInput): Promise<number> {
  let id = input.id;
  if (id === undefined) {
    id = await nextId(knex, 'vtiger_users_seq');
  } else {
    const seq = (await knex('vtiger_users_seq').first('id')) as { id: number } | undefined;
    if (!seq || Number(seq.id) < id) await knex('vtiger_users_seq').update({ id });
  }
  await knex('vtiger_users').insert({
    id,
    user_name: input.userName,
    user_password: '$2y$10$notarealpasswordhashnotarealpasswordhashnotarealpas',
    first_name: '',
    last_name: input.userName,
    is_admin: input.isAdmin ? 'on' : 'off',
    status: input.status ?? 'Active',
    deleted: 0,
    currency_id: 1,
    date_entered: knex.fn.now(),
    email1: `${input.userName}@example.test`,
    language: input.language ?? 'en_us',
    time_zone: 'UTC',
    date_format: 'yyyy-mm-dd',
    hour_format: '24',
    userlabel: input.userName,
    crypt_type: 'PHP5.3MD5',
    accesskey: `key${id}${input.userName}`.slice(0, 16),
  });
  await knex('vtiger_user2role').insert({ userid: id, roleid: input.roleId ?? (input.isAdmin ? 'H2' : 'H5') });
  for (const groupid of input.groupIds ?? []) await knex('vtiger_users2group').insert({ groupid, userid: id });
  return id;
}

/** A role under `parentRoleId` with the given profiles (Settings → Roles → Add). */
export async function createVtigerRole(knex: Knex, input: { name: string; parentRoleId: string; profileIds: number[] }): Promise<string> {
  const parent = (await knex('vtiger_role').where({ roleid: input.parentRoleId }).first('parentrole', 'depth')) as { parentrole: string; depth: number };
  const roleId = `H${await nextId(knex, 'vtiger_role_seq')}`;
  await knex('vtiger_role').insert({ roleid: roleId, rolename: input.name, parentrole: `${parent.parentrole}::${roleId}`, depth: Number(parent.depth) + 1, allowassignedrecordsto: 1 });
  for (const profileid of input.profileIds) await knex('vtiger_role2profile').insert({ roleid: roleId, profileid });
  return roleId;
}

/** Settings → Sharing Access: 0 Public read only, 1 Public read/create/edit, 2 … and delete, 3 Private. */
export async function setDefaultSharing(knex: Knex, module: string, permission: 0 | 1 | 2 | 3): Promise<void> {
  const tab = (await knex('vtiger_tab').where({ name: module }).first('tabid')) as { tabid: number };
  await knex('vtiger_def_org_share').where({ tabid: tab.tabid }).update({ permission });
}

type Party = { role: string } | { roleAndSubordinates: string } | { group: number };

/** A custom sharing rule: records of `from` shared with `to`, read only (0) or read/write (1). */
export async function addSharingRule(knex: Knex, input: { module: string; from: Party; to: Party; permission: 0 | 1 }): Promise<number> {
  const tab = (await knex('vtiger_tab').where({ name: input.module }).first('tabid')) as { tabid: number };
  const kind = (p: Party) => ('role' in p ? 'role' : 'roleAndSubordinates' in p ? 'rs' : 'grp');
  const value = (p: Party) => ('role' in p ? p.role : 'roleAndSubordinates' in p ? p.roleAndSubordinates : p.group);
  const fromKind = kind(input.from);
  const toKind = kind(input.to);
  const table = `vtiger_datashare_${fromKind}2${toKind === 'grp' && fromKind !== 'grp' ? 'group' : toKind}`;
  const fromColumn = { role: 'share_roleid', rs: 'share_roleandsubid', grp: 'share_groupid' }[fromKind];
  const toColumn = { role: 'to_roleid', rs: 'to_roleandsubid', grp: 'to_groupid' }[toKind];
  const relationtype = `${{ role: 'ROLE', rs: 'RS', grp: 'GRP' }[fromKind]}::${{ role: 'ROLE', rs: 'RS', grp: 'GRP' }[toKind]}`;
  // Vtiger 8.2 has no vtiger_datashare_module_rel_seq in the sample database; the next shareid is max + 1.
  const max = (await knex('vtiger_datashare_module_rel').max({ m: 'shareid' }).first()) as { m: number | null };
  const shareid = Number(max.m ?? 0) + 1;
  await knex('vtiger_datashare_module_rel').insert({ shareid, tabid: tab.tabid, relationtype });
  await knex(table).insert({ shareid, [fromColumn]: value(input.from), [toColumn]: value(input.to), permission: input.permission });
  return shareid;
}

/** Assign a record to a user or group (smownerid), as the Assigned To field does. */
export async function assignRecord(knex: Knex, crmid: number, ownerId: number): Promise<void> {
  await knex('vtiger_crmentity').where({ crmid }).update({ smownerid: ownerId });
}

/** Settings → Groups → Add: a group with users as members. */
export async function createVtigerGroup(knex: Knex, input: { name: string; userIds?: number[]; roleIds?: string[] }): Promise<number> {
  const groupid = await nextId(knex, 'vtiger_users_seq');
  await knex('vtiger_groups').insert({ groupid, groupname: input.name, description: '' });
  for (const userid of input.userIds ?? []) await knex('vtiger_users2group').insert({ groupid, userid });
  for (const roleid of input.roleIds ?? []) await knex('vtiger_group2role').insert({ groupid, roleid });
  return groupid;
}
