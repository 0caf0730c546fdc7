import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { translate } from '../../i18n/translate.js';
import { permittedRecords, type RecordAction } from '../../vtiger/permissions/isPermitted.js';
import type { VtigerUser } from './bridgeToken.js';

/** The records of a request the caller may use; `leftOut` counts the others without naming them. */
export interface PermittedRecords {
  module: string;
  ids: number[];
  leftOut: number;
  need: RecordAction;
}

/**
 * Keeps the records `user` may view or edit as Vtiger's isPermitted decides (server/vtiger/permissions).
 * Missing, deleted, other-module and hidden ids are one category: the answer never tells them apart.
 */
export async function filterRecords(knex: Knex, user: VtigerUser, module: string, ids: readonly number[], need: RecordAction, keep: 'permitted' | 'every'): Promise<PermittedRecords> {
  const { permitted, refused } = await permittedRecords(knex, user, module, ids, need);
  if (permitted.length === 0 || (keep === 'every' && refused.length > 0)) {
    if (keep === 'every') {
      throw new XTigerError('NOT_FOUND', translate(user.language, need === 'edit' ? 'authz.recordNotEditable' : 'authz.recordNotVisible', { module }), { details: { module } });
    }
    throw new XTigerError('FORBIDDEN', translate(user.language, need === 'edit' ? 'authz.noneEditable' : 'authz.noneVisible', { count: refused.length, module }), {
      details: { module, leftOut: refused.length },
    });
  }
  return { module, ids: permitted, leftOut: refused.length, need };
}

/** For handlers that find the record themselves (a conflict's record comes from its XTLog line). */
export async function mayUseRecord(knex: Knex, user: VtigerUser, module: string, id: number, need: RecordAction): Promise<boolean> {
  return (await permittedRecords(knex, user, module, [id], need)).permitted.length === 1;
}
