import type { Knex } from 'knex';
import { XTigerError } from '../errors/XTigerError.js';
import { translate } from '../i18n/translate.js';

/** Chosen records must exist, undeleted, in the module the page said (a clear 404 naming them instead of a silent skip). */
export async function expectRecords(knex: Knex, module: string, ids: readonly number[], language: string | undefined): Promise<void> {
  const found = new Set(
    ((await knex('vtiger_crmentity').whereIn('crmid', [...ids]).andWhere({ setype: module, deleted: 0 }).select('crmid')) as Array<{ crmid: number }>).map((r) => Number(r.crmid)),
  );
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const shown = `${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}`;
    throw new XTigerError('VTIGER_RECORD_NOT_FOUND', translate(language, missing.length > 1 ? 'settings.records.missingMany' : 'settings.records.missingOne', { module, ids: shown }), {
      details: { module, recordIds: missing.slice(0, 100) },
    });
  }
}
