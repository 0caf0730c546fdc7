import type { Knex } from 'knex';
import { CUSTOM_FIELD_TABLES, XERO_FIELDS, type SyncedModule, type XeroSyncStatus } from '../../vtiger/xeroInformationBlock.js';

/**
 * Writes the Xero Information block (Xero ID, Xero Sync Status, Last Xero Sync) of many records with one
 * statement per batch, straight into the module's custom-field table.
 *
 * Why not through the webservice: these fields are read-only (displaytype 2), and Vtiger's save writes only
 * displaytype 1 and 3 fields on update (CRMEntity::insertIntoEntityTable), so a webservice revise would be
 * accepted and silently change nothing (see xeroInformationBlock.ts). Writing the columns directly also leaves
 * modifiedtime alone, so the write-back never shows up in the change feed: it cannot echo into the next run.
 */
export interface XeroInformationWrite {
  crmid: number;
  /** undefined: keep the stored Xero ID (a failure or conflict of a linked record). */
  xeroId?: string | null;
  status: XeroSyncStatus;
}

export async function writeXeroInformation(db: Knex, module: SyncedModule, writes: readonly XeroInformationWrite[], at: Date): Promise<void> {
  if (writes.length === 0) return;
  const { table, index } = CUSTOM_FIELD_TABLES[module];
  const lastSync = at.toISOString().replace('T', ' ').slice(0, 19);
  const withId = writes.filter((w) => w.xeroId !== undefined);
  const statusOnly = writes.filter((w) => w.xeroId === undefined);
  if (withId.length > 0) {
    await db(table)
      .insert(withId.map((w) => ({ [index]: w.crmid, [XERO_FIELDS.xeroId.column]: w.xeroId ?? null, [XERO_FIELDS.syncStatus.column]: w.status, [XERO_FIELDS.lastSync.column]: lastSync })))
      .onConflict(index)
      .merge([XERO_FIELDS.xeroId.column, XERO_FIELDS.syncStatus.column, XERO_FIELDS.lastSync.column]);
  }
  if (statusOnly.length > 0) {
    await db(table)
      .insert(statusOnly.map((w) => ({ [index]: w.crmid, [XERO_FIELDS.syncStatus.column]: w.status, [XERO_FIELDS.lastSync.column]: lastSync })))
      .onConflict(index)
      .merge([XERO_FIELDS.syncStatus.column, XERO_FIELDS.lastSync.column]);
  }
}

/** Vtiger records that hold this Xero ID in their block (to recognise a record XTiger created before a crash). */
export async function findByStoredXeroId(db: Knex, module: SyncedModule, xeroIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (xeroIds.length === 0) return out;
  const { table, index } = CUSTOM_FIELD_TABLES[module];
  for (let i = 0; i < xeroIds.length; i += 500) {
    const rows = (await db(`${table} as c`)
      .join('vtiger_crmentity as e', 'e.crmid', `c.${index}`)
      .where('e.deleted', 0)
      .whereIn(`c.${XERO_FIELDS.xeroId.column}`, xeroIds.slice(i, i + 500))
      .select({ crmid: `c.${index}`, xeroId: `c.${XERO_FIELDS.xeroId.column}` })) as Array<{ crmid: number; xeroId: string }>;
    for (const r of rows) if (!out.has(r.xeroId)) out.set(r.xeroId, Number(r.crmid));
  }
  return out;
}
