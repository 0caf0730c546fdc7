import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealVtiger, type RealVtiger } from '../../testing/realVtiger/index.js';
import { permittedRecords } from './isPermitted.js';
import { findActiveVtigerUser } from './userPrivileges.js';
import { addSharingRule, assignRecord, createVtigerGroup, createVtigerRole, setDefaultSharing } from './testing/vtigerSecurity.js';

/**
 * The honesty check: our TypeScript decision against Vtiger 8.2's own `isPermitted($module, 'DetailView' |
 * 'EditView', $record)` run by PHP in the real Vtiger, for a matrix of users × records × actions, under Private
 * Accounts, a group-owned record and a sharing rule. Users are made by Vtiger's own Users save; after each SQL
 * change to roles or sharing, Vtiger's RecalculateSharingRules() rewrites the privilege files its isPermitted reads.
 */
let vtiger: RealVtiger;
const users: Record<string, number> = {};

const RECORDS: Array<[string, number]> = [
  ['Accounts', 2],
  ['Accounts', 3],
  ['Accounts', 4],
  ['Contacts', 5],
  ['Contacts', 6],
  ['Invoice', 15],
  ['Products', 10],
];

async function vtigerDecisions(userId: number): Promise<string[]> {
  const checks = JSON.stringify(RECORDS);
  const out = await vtiger.runPhp(`
$u = CRMEntity::getInstance('Users');
$u->retrieveCurrentUserInfoFromFile(${userId});
$current_user = $u;
vglobal('current_user', $u);
$out = array();
foreach (json_decode('${checks}', true) as $c) {
  foreach (array('DetailView' => 'view', 'EditView' => 'edit') as $action => $name) {
    $out[] = $c[0] . ' ' . $c[1] . ' ' . $name . ' ' . isPermitted($c[0], $action, $c[1]);
  }
}
echo "\\nDECISIONS" . json_encode($out);
`);
  const json = out.slice(out.lastIndexOf('DECISIONS') + 'DECISIONS'.length);
  return JSON.parse(json) as string[];
}

async function ourDecisions(userId: number): Promise<string[]> {
  const user = await findActiveVtigerUser(vtiger.database.knex, userId);
  if (!user) throw new Error(`user ${userId} is not active`);
  const out: string[] = [];
  for (const [module, id] of RECORDS) {
    for (const action of ['view', 'edit'] as const) {
      const { permitted } = await permittedRecords(vtiger.database.knex, user, module, [id], action);
      out.push(`${module} ${id} ${action} ${permitted.length === 1 ? 'yes' : 'no'}`);
    }
  }
  return out;
}

async function recalculate(): Promise<void> {
  await vtiger.runPhp('RecalculateSharingRules();');
}

async function compareAll(): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const [name, id] of Object.entries(users)) {
    const theirs = await vtigerDecisions(id);
    const ours = await ourDecisions(id);
    expect({ user: name, decisions: ours }).toEqual({ user: name, decisions: theirs });
    all[name] = theirs;
  }
  // The matrix is not trivial: Vtiger itself says yes and no.
  expect(Object.values(all).flat().filter((d) => d.endsWith(' no')).length).toBeGreaterThan(5);
  expect(Object.values(all).flat().filter((d) => d.endsWith(' yes')).length).toBeGreaterThan(5);
  return all;
}

beforeAll(async () => {
  vtiger = await startRealVtiger();
  const k = vtiger.database.knex;
  const peerRole = await createVtigerRole(k, { name: 'Marketing Manager', parentRoleId: 'H3', profileIds: [2] });
  const guestRole = await createVtigerRole(k, { name: 'Guests', parentRoleId: 'H3', profileIds: [4] });
  users['admin'] = 1;
  users['manager'] = (await vtiger.createUser({ userName: 'manager', isAdmin: false, roleId: 'H4' })).id;
  users['sales'] = (await vtiger.createUser({ userName: 'sales', isAdmin: false, roleId: 'H5' })).id;
  users['peer'] = (await vtiger.createUser({ userName: 'peer', isAdmin: false, roleId: peerRole })).id;
  users['guest'] = (await vtiger.createUser({ userName: 'guest', isAdmin: false, roleId: guestRole })).id;
  const group = await createVtigerGroup(k, { name: 'Key Accounts', userIds: [users['peer'] ?? 0] });
  await setDefaultSharing(k, 'Accounts', 3);
  await setDefaultSharing(k, 'Invoice', 3);
  await assignRecord(k, 3, users['sales'] ?? 0);
  await assignRecord(k, 4, group);
  await assignRecord(k, 15, users['manager'] ?? 0);
  await recalculate();
}, 600_000);
afterAll(async () => {
  await vtiger?.stop();
});

describe("our isPermitted against Vtiger's own", () => {
  it('admin, a manager, a subordinate, a peer and a guest agree on Private Accounts and Invoices, a group record, public Contacts and Products', async () => {
    const vtigerSays = await compareAll();
    expect(vtigerSays['peer']).toContain('Accounts 3 view no');
    expect(vtigerSays['peer']).toContain('Accounts 4 edit yes');
    expect(vtigerSays['manager']).toContain('Accounts 3 edit yes');
    expect(vtigerSays['guest']).toContain('Contacts 5 edit no');
  }, 300_000);

  it('they still agree with a read-only role-to-role rule and a read/write role-and-subordinates rule', async () => {
    const k = vtiger.database.knex;
    await addSharingRule(k, { module: 'Accounts', from: { role: 'H5' }, to: { role: (await k('vtiger_user2role').where({ userid: users['peer'] }).first('roleid') as { roleid: string }).roleid }, permission: 0 });
    await addSharingRule(k, { module: 'Invoice', from: { roleAndSubordinates: 'H4' }, to: { roleAndSubordinates: 'H3' }, permission: 1 });
    await recalculate();
    const vtigerSays = await compareAll();
    expect(vtigerSays['peer']).toContain('Accounts 3 view yes');
    expect(vtigerSays['peer']).toContain('Accounts 3 edit no');
  }, 300_000);
});
