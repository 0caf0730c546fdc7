import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { permittedRecords } from './isPermitted.js';
import { findActiveVtigerUser } from './userPrivileges.js';
import { addSharingRule, assignRecord, createVtigerGroup, createVtigerRole, createVtigerUser, setDefaultSharing } from './testing/vtigerSecurity.js';

/**
 * Vtiger's isPermitted over the sample database with users, roles, groups and sharing rules written the way
 * Vtiger's screens write them. Role tree of the sample: H1 Organization › H2 CEO › H3 Vice President ›
 * H4 Sales Manager › H5 Sales Person. Sample Accounts 2, 3, 4 belong to admin (1).
 */
let db: SampleDatabase;
const u = { manager: 0, sales: 0, peer: 0, supportUser: 0, inactive: 0, grouped: 0 };
let peerRole = '';
let supportRole = '';
let group = 0;

const can = async (userId: number, module: string, ids: number[], action: 'view' | 'edit') => {
  const user = await findActiveVtigerUser(db.knex, userId);
  if (!user) throw new Error(`user ${userId} is not active`);
  return (await permittedRecords(db.knex, user, module, ids, action)).permitted;
};

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true });
  const k = db.knex;
  u.manager = await createVtigerUser(k, { userName: 'manager', roleId: 'H4' });
  u.sales = await createVtigerUser(k, { userName: 'sales', roleId: 'H5' });
  // A peer of the Sales Manager: another role under the Vice President.
  peerRole = await createVtigerRole(k, { name: 'Marketing Manager', parentRoleId: 'H3', profileIds: [2] });
  u.peer = await createVtigerUser(k, { userName: 'peer', roleId: peerRole });
  // A role whose profile (Guest) may not edit Accounts.
  supportRole = await createVtigerRole(k, { name: 'Guest Role', parentRoleId: 'H3', profileIds: [4] });
  u.supportUser = await createVtigerUser(k, { userName: 'guest', roleId: supportRole });
  u.inactive = await createVtigerUser(k, { userName: 'gone', roleId: 'H5', status: 'Inactive' });
  group = await createVtigerGroup(k, { name: 'Key Accounts' });
  u.grouped = await createVtigerUser(k, { userName: 'grouped', roleId: peerRole, groupIds: [group] });
  // Accounts private; 3 belongs to the Sales Person, 4 to the Key Accounts group, 2 stays admin's.
  await setDefaultSharing(k, 'Accounts', 3);
  await assignRecord(k, 3, u.sales);
  await assignRecord(k, 4, group);
});
afterAll(async () => {
  await db?.drop();
});

describe("Vtiger's isPermitted in TypeScript", () => {
  it('only active, undeleted users with a positive id are users', async () => {
    expect(await findActiveVtigerUser(db.knex, 1)).toMatchObject({ userId: 1, isAdmin: true });
    expect(await findActiveVtigerUser(db.knex, u.inactive)).toBeUndefined();
    expect(await findActiveVtigerUser(db.knex, 0)).toBeUndefined();
    expect(await findActiveVtigerUser(db.knex, -1)).toBeUndefined();
    expect(await findActiveVtigerUser(db.knex, 999_999)).toBeUndefined();
  });

  it('an administrator may view and edit every existing record; missing and other-module ids are refused', async () => {
    expect(await can(1, 'Accounts', [2, 3, 4, 5, 999_999], 'edit')).toEqual([2, 3, 4]);
  });

  it('private Accounts: owner, and the manager above the owner, see and edit; a peer and admin-owned records are hidden', async () => {
    expect(await can(u.sales, 'Accounts', [2, 3, 4], 'view')).toEqual([3]);
    expect(await can(u.manager, 'Accounts', [2, 3, 4], 'edit')).toEqual([3]);
    expect(await can(u.peer, 'Accounts', [2, 3, 4], 'view')).toEqual([]);
  });

  it('a record assigned to a group is visible to its members', async () => {
    expect(await can(u.grouped, 'Accounts', [2, 3, 4], 'edit')).toEqual([4]);
  });

  it('a read-only sharing rule shows records without allowing edits; read/write allows both', async () => {
    const rule = await addSharingRule(db.knex, { module: 'Accounts', from: { role: 'H5' }, to: { role: peerRole }, permission: 0 });
    expect(await can(u.peer, 'Accounts', [2, 3, 4], 'view')).toEqual([3]);
    expect(await can(u.peer, 'Accounts', [2, 3, 4], 'edit')).toEqual([]);
    await db.knex('vtiger_datashare_role2role').where({ shareid: rule }).update({ permission: 1 });
    expect(await can(u.peer, 'Accounts', [3], 'edit')).toEqual([3]);
    await db.knex('vtiger_datashare_role2role').where({ shareid: rule }).delete();
    await db.knex('vtiger_datashare_module_rel').where({ shareid: rule }).delete();
  });

  it('role-and-subordinates rules reach the roles below', async () => {
    const rule = await addSharingRule(db.knex, { module: 'Accounts', from: { roleAndSubordinates: 'H4' }, to: { roleAndSubordinates: 'H3' }, permission: 0 });
    // Records of H4 and below (the Sales Person's account 3) are shared with H3 and below, the peer role included.
    expect(await can(u.peer, 'Accounts', [3], 'view')).toEqual([3]);
    await db.knex('vtiger_datashare_rs2rs').where({ shareid: rule }).delete();
    await db.knex('vtiger_datashare_module_rel').where({ shareid: rule }).delete();
  });

  it('public modules follow the profile: a Guest profile views but may not edit', async () => {
    // Contacts are Public (read, create/edit, delete) in the sample, but the Guest profile denies EditView on them.
    expect(await can(u.supportUser, 'Contacts', [5, 6], 'view')).toEqual([5, 6]);
    expect(await can(u.supportUser, 'Contacts', [5, 6], 'edit')).toEqual([]);
    await setDefaultSharing(db.knex, 'Accounts', 2);
    expect(await can(u.supportUser, 'Accounts', [2], 'view')).toEqual([2]);
    expect(await can(u.supportUser, 'Accounts', [2], 'edit')).toEqual([]);
    await setDefaultSharing(db.knex, 'Accounts', 3);
  });

  it('public read only: everyone views, only sharing rules allow edits', async () => {
    await setDefaultSharing(db.knex, 'Accounts', 0);
    expect(await can(u.peer, 'Accounts', [2, 3], 'view')).toEqual([2, 3]);
    expect(await can(u.peer, 'Accounts', [2, 3], 'edit')).toEqual([]);
    await setDefaultSharing(db.knex, 'Accounts', 3);
  });

  it('"View all" in a profile shows every record; a module taken off the profile shows none', async () => {
    await db.knex('vtiger_profile2globalpermissions').where({ profileid: 2, globalactionid: 1 }).update({ globalactionpermission: 0 });
    expect(await can(u.peer, 'Accounts', [2, 3, 4], 'view')).toEqual([2, 3, 4]);
    expect(await can(u.peer, 'Accounts', [2, 3, 4], 'edit')).toEqual([]);
    await db.knex('vtiger_profile2globalpermissions').where({ profileid: 2, globalactionid: 1 }).update({ globalactionpermission: 1 });
    await db.knex('vtiger_profile2tab').where({ profileid: 2, tabid: 6 }).update({ permissions: 1 });
    expect(await can(u.sales, 'Accounts', [3], 'view')).toEqual([]);
    await db.knex('vtiger_profile2tab').where({ profileid: 2, tabid: 6 }).update({ permissions: 0 });
  });

  it('a demoted administrator loses admin rights at once', async () => {
    const boss = await createVtigerUser(db.knex, { userName: 'boss', isAdmin: true, roleId: 'H5' });
    expect(await can(boss, 'Accounts', [2], 'edit')).toEqual([2]);
    await db.knex('vtiger_users').where({ id: boss }).update({ is_admin: 'off' });
    expect(await findActiveVtigerUser(db.knex, boss)).toMatchObject({ isAdmin: false });
    expect(await can(boss, 'Accounts', [2], 'edit')).toEqual([]);
  });
});
