import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from '../../logging/logger.js';
import { translate } from '../../i18n/translate.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { XERO_ACCOUNT_TYPES, type SyncTrigger, type XeroAccountType } from '../../vtiger/ownModules/ownModuleValues.js';
import { upsertXeroAccounts, type XeroAccount as XeroAccountRecord } from '../../vtiger/ownModules/xeroAccounts.js';
import { writeXTLogEntries } from '../../vtiger/ownModules/xtLog.js';
import type { XeroAccount, XeroAccountingApi } from '../../xero/api/XeroAccountingApi.js';
import { readSyncUser } from '../invoices/syncUser.js';
import { readStoredAccounts } from './storedAccounts.js';
import { saveSystemAccounts, type SystemAccounts } from './systemAccounts.js';

/**
 * Xero's chart of accounts → XTiger's XeroAccounts module (one record per Xero AccountID), kept current: new
 * accounts are created, changed ones updated, archived ones carry status ARCHIVED, and an account that is gone
 * from Xero (deleted there) is marked ARCHIVED too — never deleted, since invoices and settings may name it.
 * The system accounts (ROUNDING, …) are remembered for the invoice sync's defaults. One Xero call.
 */
export interface ChartSyncDeps {
  knex: Knex;
  xero: XeroAccountingApi;
  /** The Vtiger user the sync writes as; default `admin`. */
  syncUserName?: string;
  clock?: Clock;
  logger?: Logger;
}

export interface ChartSyncResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Accounts no longer in Xero, marked ARCHIVED now. */
  archivedMissing: number;
  systemAccounts: SystemAccounts;
}

function accountType(type: unknown): XeroAccountType | null {
  const t = String(type ?? '');
  return (XERO_ACCOUNT_TYPES as readonly string[]).includes(t) ? (t as XeroAccountType) : null;
}

export function toAccountRecord(a: XeroAccount, ownerId: number): XeroAccountRecord {
  return {
    accountId: a.accountID ?? '',
    code: a.code ?? null,
    name: a.name ?? a.code ?? a.accountID ?? '',
    type: accountType(a.type),
    taxType: a.taxType ?? null,
    status: String(a.status) === 'ARCHIVED' ? 'ARCHIVED' : 'ACTIVE',
    description: a.description ?? null,
    ownerId,
  };
}

export async function syncChartOfAccounts(deps: ChartSyncDeps, options: { trigger?: SyncTrigger; runId?: string } = {}): Promise<ChartSyncResult> {
  const clock = deps.clock ?? systemClock;
  const startedAt = new Date(clock.now());
  const user = await readSyncUser(deps.knex, deps.syncUserName ?? 'admin');
  const accounts = (await deps.xero.getAccounts()).filter((a) => a.accountID);
  const records = accounts.map((a) => toAccountRecord(a, user.id));
  const seen = new Set(records.map((r) => r.accountId));
  const missing = (await readStoredAccounts(deps.knex)).filter((s) => !seen.has(s.accountId) && s.status !== 'ARCHIVED');
  const write = { actingUserId: user.id, clock };
  const result = await upsertXeroAccounts(
    deps.knex,
    [...records, ...missing.map((m) => ({ accountId: m.accountId, code: m.code, name: m.name, type: accountType(m.type), taxType: m.taxType, status: 'ARCHIVED' as const, description: m.description, ownerId: user.id }))],
    write,
  );
  const systemAccounts: SystemAccounts = {};
  for (const a of accounts) if (a.systemAccount && a.code && String(a.status) !== 'ARCHIVED') systemAccounts[String(a.systemAccount)] = a.code;
  await saveSystemAccounts(deps.knex, systemAccounts);

  const summary: ChartSyncResult = {
    created: result.created.length,
    updated: result.updated.length - missing.length,
    unchanged: result.unchanged.length,
    archivedMissing: missing.length,
    systemAccounts,
  };
  // Archived now: accounts new or changed in this sync that are archived, and those gone from Xero. An account that
  // was archived before and did not change is not news (a run with nothing changed logs nothing).
  const changed = new Set([...result.created, ...result.updated].map((r) => r.accountId));
  const archived = records.filter((r) => r.status === 'ARCHIVED' && changed.has(r.accountId)).length + missing.length;
  const finishedAt = new Date(clock.now());
  const base = { module: 'XeroAccounts' as const, direction: 'Xero to Vtiger' as const, runId: options.runId ?? randomUUID(), trigger: options.trigger ?? 'Instant', startedAt, finishedAt, ownerId: user.id, emailStatus: 'Not required' as const };
  const anything = summary.created + summary.updated + missing.length > 0;
  const overview = {
    ...base,
    action: 'Update' as const,
    status: 'Success' as const,
    message: translate(user.language, 'accounts.synced', { created: summary.created, updated: summary.updated, archived, unchanged: summary.unchanged }),
  };
  await writeXTLogEntries(
    deps.knex,
    [
      ...(anything ? [overview] : []),
      ...missing.map((m) => ({
        ...base,
        xeroId: m.accountId,
        action: 'Update' as const,
        status: 'Success' as const,
        message: translate(user.language, 'accounts.archivedMissing', { code: m.code ?? '', name: m.name }),
      })),
    ],
    write,
  );
  deps.logger?.info({ ...summary }, 'chart of accounts synced');
  return summary;
}
