import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';

/**
 * The webservice access key of a Vtiger user (`vtiger_users.accesskey`, shown under My Preferences).
 * The key is a secret: it goes into the login hash only, never into logs or errors.
 */
export async function readWebserviceAccessKey(knex: Knex, userName: string): Promise<string> {
  const row = (await knex('vtiger_users').where({ user_name: userName, deleted: 0 }).first('accesskey', 'status')) as
    | { accesskey: string | null; status: string | null }
    | undefined;
  if (!row) {
    throw new XTigerError('VTIGER_WS_LOGIN_FAILED', `Vtiger user "${userName}" does not exist (vtiger_users), so the sync cannot log in to the webservice.`, {
      details: { userName },
    });
  }
  if (row.status !== 'Active') {
    throw new XTigerError('VTIGER_WS_LOGIN_FAILED', `Vtiger user "${userName}" is not active (status ${row.status ?? 'empty'}), so the webservice refuses its login.`, {
      details: { userName },
    });
  }
  if (!row.accesskey) {
    throw new XTigerError('VTIGER_WS_LOGIN_FAILED', `Vtiger user "${userName}" has no webservice access key (vtiger_users.accesskey is empty).`, {
      details: { userName },
    });
  }
  return row.accesskey;
}
