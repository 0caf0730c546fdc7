import type { Knex } from 'knex';
import { readSetting, saveSetting } from '../sync/invoices/xtigerSettings.js';

/**
 * What XTiger remembers of the connected organisation beyond the connection row: its ShortCode (for deep links),
 * read from Xero's /Organisation by the connection health check.
 */
const KEY = 'xero.organisation';

export interface OrganisationInfo {
  tenantId: string;
  name: string;
  shortCode: string | undefined;
  readAt: string;
}

export async function readOrganisationInfo(knex: Knex, tenantId: string | undefined): Promise<OrganisationInfo | undefined> {
  const info = await readSetting<OrganisationInfo>(knex, KEY);
  return info && tenantId && info.tenantId.toLowerCase() === tenantId.toLowerCase() ? info : undefined;
}

export async function saveOrganisationInfo(knex: Knex, info: OrganisationInfo): Promise<void> {
  await saveSetting(knex, KEY, info);
}
