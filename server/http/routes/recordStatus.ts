import type { Router } from 'express';
import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { CUSTOM_FIELD_TABLES, XERO_FIELDS, XERO_SYNC_STATUSES, type SyncedModule, type XeroSyncStatus } from '../../vtiger/xeroInformationBlock.js';
import type { AppDeps } from '../appDeps.js';
import { getRecordXeroStatus, type RecordXeroStatus } from '../contracts/recordStatus.js';
import { route } from '../route.js';
import { recordPanel } from '../../settingsScreens/recordPanel.js';

export function recordStatusRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, getRecordXeroStatus, async ({ params, query, user }) => {
    const status = await readRecordXeroStatus(deps.knex, params.module, params.id);
    const connection = (await deps.knex('xtiger_xero_connections').whereNot({ status: 'disconnected' }).orderBy('id', 'desc').first('tenant_id')) as { tenant_id: string | null } | undefined;
    return recordPanel(deps.knex, status, { logLines: query.log, tenantId: connection?.tenant_id ?? undefined, ...(user ? { language: user.language } : {}) });
  });
}

const STATUS_FIELDS = [XERO_FIELDS.allowSync, XERO_FIELDS.xeroId, XERO_FIELDS.syncStatus, XERO_FIELDS.lastSync] as const;

/**
 * Reads the Xero Information values of a record with SQL. Where each field lives (table, column) is read from
 * vtiger_field rather than assumed, so it follows whatever XTiger's install hook created.
 */
export async function readRecordXeroStatus(knex: Knex, module: SyncedModule, recordId: number): Promise<Omit<RecordXeroStatus, 'xero' | 'recentLog' | 'conflict' | 'waiting'>> {
  const fieldRows = (await knex('vtiger_field as f')
    .join('vtiger_tab as t', 't.tabid', 'f.tabid')
    .where('t.name', module)
    .whereIn(
      'f.fieldname',
      STATUS_FIELDS.map((f) => f.fieldname),
    )
    .select('f.fieldname', 'f.tablename', 'f.columnname')) as Array<{ fieldname: string; tablename: string; columnname: string }>;
  const located = new Map(fieldRows.map((r) => [r.fieldname, r]));
  const missing = STATUS_FIELDS.filter((f) => !located.has(f.fieldname)).map((f) => f.fieldname);
  if (missing.length > 0) {
    throw new XTigerError('VTIGER_UNKNOWN_FIELD', `${module} has no field ${missing.join(', ')}: install or enable the XTiger module in Vtiger.`, {
      details: { module, fields: missing },
      httpStatus: 409,
    });
  }
  const entity = (await knex('vtiger_crmentity').where({ crmid: recordId, setype: module, deleted: 0 }).first('crmid')) as { crmid: number } | undefined;
  if (!entity) {
    throw new XTigerError('VTIGER_RECORD_NOT_FOUND', `${module} record ${recordId} does not exist or was deleted.`, { details: { module, recordId } });
  }
  const values: Record<string, unknown> = {};
  for (const [fieldname, where] of located) {
    const index = tableIndex(module, where.tablename);
    const row = (await knex(where.tablename).where(index, recordId).first(knex.raw('?? as value', [where.columnname]))) as { value: unknown } | undefined;
    values[fieldname] = row?.value ?? null;
  }
  return {
    module,
    recordId,
    allowSync: String(values[XERO_FIELDS.allowSync.fieldname] ?? '0') === '1',
    xeroId: textOrNull(values[XERO_FIELDS.xeroId.fieldname]),
    syncStatus: syncStatusOrNull(values[XERO_FIELDS.syncStatus.fieldname]),
    lastSync: utcIsoOrNull(values[XERO_FIELDS.lastSync.fieldname]),
  };
}

/** The record id column of the module's custom-field table (its class's $customFieldTable). */
function tableIndex(module: SyncedModule, table: string): string {
  const cf = CUSTOM_FIELD_TABLES[module];
  if (table !== cf.table) {
    throw new XTigerError('VTIGER_INVALID_DATA', `${module}'s Xero fields live in ${table}, expected ${cf.table}: reinstall the XTiger module.`, {
      details: { module, table },
      httpStatus: 500,
    });
  }
  return cf.index;
}

function textOrNull(value: unknown): string | null {
  const text = value === null || value === undefined ? '' : String(value).trim();
  return text === '' ? null : text;
}

function syncStatusOrNull(value: unknown): XeroSyncStatus | null {
  const text = textOrNull(value);
  return text !== null && (XERO_SYNC_STATUSES as readonly string[]).includes(text) ? (text as XeroSyncStatus) : null;
}

/** Vtiger stores UTC as 'YYYY-MM-DD HH:MM:SS' text. */
function utcIsoOrNull(value: unknown): string | null {
  const text = textOrNull(value);
  if (text === null || text.startsWith('0000')) return null;
  const iso = `${text.replace(' ', 'T')}Z`;
  return Number.isNaN(Date.parse(iso)) ? null : new Date(iso).toISOString();
}
