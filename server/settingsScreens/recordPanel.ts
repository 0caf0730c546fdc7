import type { Knex } from 'knex';
import type { HeldConflict, RecordLogLine, RecordWaiting, RecordXeroStatus } from '../http/contracts/recordStatus.js';
import { en_us } from '../i18n/messages.en_us.js';
import { ja_jp } from '../i18n/messages.ja_jp.js';
import { translate } from '../i18n/translate.js';
import { readWaits } from '../sync/run/waits.js';
import type { SyncedModule } from '../vtiger/xeroInformationBlock.js';
import { readOrganisationInfo } from './organisationInfo.js';
import { xeroDeepLink, type XeroLinkKind } from './xeroDeepLink.js';

/**
 * The rest of a record's panel beyond its Xero Information values: the link into Xero, the newest XTLog lines,
 * the conflict held for review (when the record's Sync Status says Conflict) with both sides per field, and why the
 * record waits. An invoice's Conflict is a Vtiger change its locked Xero document refuses: it waits, and no Keep
 * Vtiger / Keep Xero can end it (Xero takes no edit to the document), so it is answered as the wait only.
 */
interface LogRow {
  xtlogid: number;
  xtl_no: string | null;
  xtl_run_id: string | null;
  xtl_direction: string | null;
  xtl_action: string | null;
  xtl_status: string | null;
  xtl_trigger: string | null;
  xtl_message: string | null;
  xtl_started_at: string | Date | null;
}

function isoOf(value: string | Date | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value.startsWith('0000')) return null;
  const d = new Date(`${value.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export async function readRecentLog(knex: Knex, recordId: number, limit: number): Promise<RecordLogLine[]> {
  if (limit === 0) return [];
  const rows = (await knex('vtiger_xtlog as l')
    .join('vtiger_crmentity as e', 'e.crmid', 'l.xtlogid')
    .where({ 'l.xtl_related_to': recordId, 'e.deleted': 0 })
    .orderBy('l.xtlogid', 'desc')
    .limit(limit)
    .select('l.xtlogid', 'l.xtl_no', 'l.xtl_run_id', 'l.xtl_direction', 'l.xtl_action', 'l.xtl_status', 'l.xtl_trigger', 'l.xtl_message', 'l.xtl_started_at')) as LogRow[];
  return rows.map((r) => ({
    logId: Number(r.xtlogid),
    logNo: r.xtl_no ?? '',
    at: isoOf(r.xtl_started_at),
    runId: r.xtl_run_id ?? '',
    direction: r.xtl_direction ?? '',
    action: r.xtl_action ?? '',
    status: r.xtl_status ?? '',
    trigger: r.xtl_trigger ?? '',
    message: r.xtl_message ?? '',
  }));
}

/** `sync.conflict.values` of both catalogues as patterns: `{field}: Vtiger "{vtiger}", Xero "{xero}".` */
const VALUE_PATTERNS: RegExp[] = [en_us['sync.conflict.values'], ja_jp['sync.conflict.values']].map((template) => {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const body = escaped.replace('{field}', '([^:：.。]+?)').replace('{vtiger}', '([\\s\\S]*?)').replace('{xero}', '([\\s\\S]*?)');
  // A field label (without a full stop) follows the start or a sentence end (lines are joined with spaces).
  return new RegExp(`(?:^|(?<=[.。] ))${body}(?= |$)`, 'g');
});

/** The fields of a held conflict, read back from its log message (the engine writes one value line per field). */
export function conflictFieldsOf(message: string): HeldConflict['fields'] {
  for (const pattern of VALUE_PATTERNS) {
    const found = [...message.matchAll(pattern)].map((m) => ({ field: (m[1] ?? '').trim(), label: (m[1] ?? '').trim(), vtigerValue: m[2] ?? '', xeroValue: m[3] ?? '' }));
    if (found.length > 0) return found;
  }
  return [];
}

export async function readHeldConflict(knex: Knex, recordId: number): Promise<HeldConflict | null> {
  const row = (await knex('vtiger_xtlog as l')
    .join('vtiger_crmentity as e', 'e.crmid', 'l.xtlogid')
    .where({ 'l.xtl_related_to': recordId, 'l.xtl_status': 'Conflict', 'e.deleted': 0 })
    .orderBy('l.xtlogid', 'desc')
    .first('l.xtlogid', 'l.xtl_message', 'l.xtl_started_at')) as { xtlogid: number; xtl_message: string | null; xtl_started_at: string | Date | null } | undefined;
  if (!row) return null;
  const message = row.xtl_message ?? '';
  return { logId: Number(row.xtlogid), at: isoOf(row.xtl_started_at), fields: conflictFieldsOf(message), message };
}

/**
 * Why the record waits, in the user's language (the reason kept with the wait). A record refused for its own data
 * (`needsAction`) does not wait: it needs an edit, which its Failed status and log line say.
 */
export async function readWaiting(knex: Knex, module: SyncedModule, recordId: number, language: string | undefined): Promise<RecordWaiting | null> {
  const [wait] = await readWaits(knex, [module], [recordId]);
  if (!wait || wait.cause === 'needsAction') return null;
  return { cause: wait.cause, since: isoOf(wait.since), message: translate(language, wait.reason.key, wait.reason.params) };
}

async function linkKind(knex: Knex, module: SyncedModule, recordId: number): Promise<XeroLinkKind> {
  if (module === 'Contacts' || module === 'Accounts') return 'contact';
  if (module === 'Products' || module === 'Services') return 'item';
  const link = (await knex('xtiger_invoice_links').where({ crmid: recordId }).first('xero_kind')) as { xero_kind: string } | undefined;
  return link?.xero_kind === 'bill' ? 'bill' : link?.xero_kind === 'receipt' ? 'receipt' : 'invoice';
}

export async function recordPanel(
  knex: Knex,
  status: Omit<RecordXeroStatus, 'xero' | 'recentLog' | 'conflict' | 'waiting'>,
  input: { logLines: number; tenantId: string | undefined; language?: string },
): Promise<RecordXeroStatus> {
  const xero = status.xeroId
    ? xeroDeepLink(await linkKind(knex, status.module, status.recordId), status.xeroId, (await readOrganisationInfo(knex, input.tenantId))?.shortCode)
    : null;
  const recentLog = await readRecentLog(knex, status.recordId, input.logLines);
  const conflict = status.syncStatus === 'Conflict' && status.module !== 'Invoice' ? await readHeldConflict(knex, status.recordId) : null;
  const waiting = await readWaiting(knex, status.module, status.recordId, input.language);
  return { ...status, xero, recentLog, conflict, waiting };
}
