import type { Knex } from 'knex';
import type { RecordRow } from './recordRow.js';
import type { VtigerOwner } from './recordTypes.js';

/** Owners (vtiger_crmentity.smownerid) are users or groups (their ids never overlap: one sequence). */
export const OWNER_USER = 'vtiger_users';
export const OWNER_GROUP = 'vtiger_groups';

/** Joins the owner's user and group rows onto a query over `vtiger_crmentity as <entityAlias>`. */
export function joinOwner(query: Knex.QueryBuilder, entityAlias: string): Knex.QueryBuilder {
  return query
    .leftJoin(`${OWNER_USER} as ou`, 'ou.id', `${entityAlias}.smownerid`)
    .leftJoin(`${OWNER_GROUP} as og`, 'og.groupid', `${entityAlias}.smownerid`)
    .select({ ou__id: 'ou.id', ou__user_name: 'ou.user_name', ou__first_name: 'ou.first_name', ou__last_name: 'ou.last_name', og__groupid: 'og.groupid', og__groupname: 'og.groupname' });
}

/** The owner from the joined rows; an owner id that no longer exists (deleted user) still names the id. */
export function readOwner(row: RecordRow, ownerId: number): VtigerOwner {
  if (row.hasRow(OWNER_USER)) {
    return {
      id: ownerId,
      kind: 'user',
      userName: row.text(OWNER_USER, 'user_name'),
      name: [row.text(OWNER_USER, 'first_name'), row.text(OWNER_USER, 'last_name')].filter((s) => s !== null && s.trim() !== '').join(' '),
    };
  }
  if (row.hasRow(OWNER_GROUP)) return { id: ownerId, kind: 'group', userName: null, name: row.text(OWNER_GROUP, 'groupname') ?? '' };
  return { id: ownerId, kind: 'user', userName: null, name: '' };
}
