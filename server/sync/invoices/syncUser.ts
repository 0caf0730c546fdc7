import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';

/** The Vtiger user a sync writes as (owner of its XTLog/XTQueue rows) and the language of its messages. */
export interface SyncUser {
  id: number;
  language: string;
}

export async function readSyncUser(knex: Knex, userName: string): Promise<SyncUser> {
  const row = (await knex('vtiger_users').where({ user_name: userName, status: 'Active' }).first('id', 'language')) as { id: number; language: string | null } | undefined;
  if (!row) throw new XTigerError('VTIGER_RECORD_NOT_FOUND', `The Vtiger sync user "${userName}" does not exist or is not active.`, { details: { userName } });
  return { id: Number(row.id), language: row.language ?? 'en_us' };
}
