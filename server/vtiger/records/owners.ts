import type { Knex } from 'knex';
import type { VtigerOwner } from './recordTypes.js';

/** Owners (vtiger_crmentity.smownerid) are users or groups; one query each for a batch of ids. */
export async function readOwners(knex: Knex, ids: readonly number[]): Promise<Map<number, VtigerOwner>> {
  const owners = new Map<number, VtigerOwner>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return owners;
  const users = (await knex('vtiger_users').select('id', 'user_name', 'first_name', 'last_name').whereIn('id', unique)) as Array<{
    id: number;
    user_name: string | null;
    first_name: string | null;
    last_name: string | null;
  }>;
  for (const u of users) {
    owners.set(u.id, { id: u.id, kind: 'user', userName: u.user_name, name: [u.first_name, u.last_name].filter((s) => s && s.trim() !== '').join(' ') });
  }
  const missing = unique.filter((id) => !owners.has(id));
  if (missing.length > 0) {
    const groups = (await knex('vtiger_groups').select('groupid', 'groupname').whereIn('groupid', missing)) as Array<{ groupid: number; groupname: string | null }>;
    for (const g of groups) owners.set(g.groupid, { id: g.groupid, kind: 'group', userName: null, name: g.groupname ?? '' });
  }
  return owners;
}

/** An owner id that no longer exists (deleted user) still names the id. */
export function ownerOrUnknown(owners: ReadonlyMap<number, VtigerOwner>, id: number): VtigerOwner {
  return owners.get(id) ?? { id, kind: 'user', userName: null, name: '' };
}
