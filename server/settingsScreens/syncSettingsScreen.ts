import type { Knex } from 'knex';
import type { InvoiceOptionsInput, ModuleSettingsInput, ModuleSettingsView, StatusFieldOption, SyncSettingsModule, SyncSettingsView } from '../http/contracts/syncSettings.js';
import { DIRECTIONS, SYNC_SETTINGS_MODULES } from '../http/contracts/syncSettings.js';
import { XTigerError } from '../errors/XTigerError.js';
import { translate, type MessageKey } from '../i18n/translate.js';
import { markSyncSettingsSaved, PROPOSED_SCHEDULE, readSyncSettingsSaved, saveScheduleSettings, scheduleSettingsSchema, type ScheduleSettings } from '../settings/scheduleSettings.js';
import { INVOICE_STATUS_FIELD, readInvoiceSyncSettings, saveInvoiceSyncSettings } from '../sync/invoices/invoiceSettings.js';
import { readSetting } from '../sync/invoices/xtigerSettings.js';
import { ALLOW_SYNC_FIELD, SUGGESTED_STATUS_FIELD } from '../sync/selection/syncSettings.js';
import { readSyncSettings, saveSyncSettings } from '../sync/selection/syncSettingsRepository.js';
import { CONFLICT_POLICIES, type SyncPair } from '../sync/types.js';
import { readModuleMetadata, type FieldMetadata } from '../vtiger/schema/moduleMetadata.js';
import { XERO_FIELDS, XERO_INVOICE_TYPE_FIELD, XERO_INVOICE_TYPES } from '../vtiger/xeroInformationBlock.js';
import { readDefaultInvoiceType } from '../vtiger/records/invoiceTypeDefault.js';
import { nextRunAt } from './nextRun.js';

/**
 * Settings → XTiger → Sync Settings: per module on/off, direction, conflict policy, which records, schedule; for
 * invoices also the default Xero Invoice Type, the bank account for receipts and the account codes. Saving marks
 * Sync Settings saved, from when the schedule may run (safe first run).
 */
const PAIR_OF: Readonly<Record<Exclude<SyncSettingsModule, 'Invoice'>, SyncPair>> = { Contacts: 'contacts', Accounts: 'accounts', Products: 'products', Services: 'services' };
const RUN_MODULE_OF: Readonly<Record<SyncSettingsModule, string>> = { Contacts: 'contacts', Accounts: 'accounts', Products: 'products', Services: 'services', Invoice: 'invoices' };
const OWN = new Set<string>([XERO_FIELDS.xeroId.fieldname, XERO_FIELDS.syncStatus.fieldname, XERO_FIELDS.lastSync.fieldname, XERO_FIELDS.allowSync.fieldname]);

function invalid(lang: string | undefined, key: MessageKey, params: Record<string, string | number>, field: string): XTigerError {
  return new XTigerError('SYNC_SETTINGS_INVALID', translate(lang, key, params), { details: { field } });
}

/** The fields a module's records can be selected by: any picklist or checkbox; for invoices only their Status. */
function statusFields(pair: SyncPair | undefined, fields: readonly FieldMetadata[]): StatusFieldOption[] {
  const offered = (f: FieldMetadata): boolean => (pair ? !OWN.has(f.name) && (f.dataType === 'picklist' || f.dataType === 'boolean') : f.name === INVOICE_STATUS_FIELD);
  return fields
    .filter((f) => f.active && offered(f))
    .map((f) => ({
      name: f.name,
      label: f.label,
      dataType: f.dataType === 'boolean' ? ('boolean' as const) : ('picklist' as const),
      values: f.dataType === 'boolean' ? [{ value: '1', label: '1' }, { value: '0', label: '0' }] : f.picklistValues.map((v) => ({ value: v, label: v })),
      suggested: pair ? SUGGESTED_STATUS_FIELD[pair] === f.name : true,
    }));
}

async function storedSchedule(knex: Knex): Promise<ScheduleSettings> {
  const parsed = scheduleSettingsSchema.safeParse(await readSetting<unknown>(knex, 'sync.schedule'));
  return parsed.success ? parsed.data : PROPOSED_SCHEDULE;
}

/** The start of the last scheduled run per run module (xtiger_sync_runs; a run of all modules counts for each). */
async function lastScheduledRuns(knex: Knex): Promise<Map<string, Date>> {
  const rows = (await knex('xtiger_sync_runs').where({ entry_point: 'schedule' }).orderBy('id', 'desc').limit(200).select('request', 'started_at')) as Array<{ request: string; started_at: string }>;
  const last = new Map<string, Date>();
  for (const r of rows) {
    const modules = (JSON.parse(r.request) as { modules: string[] | null }).modules ?? Object.values(RUN_MODULE_OF);
    const at = new Date(`${r.started_at.replace(' ', 'T')}Z`);
    for (const m of modules) if (!last.has(m)) last.set(m, at);
  }
  return last;
}

interface AccountRow {
  code: string;
  name: string;
  type: string;
  status: string;
  accountId: string;
}

async function chartOfAccounts(knex: Knex): Promise<AccountRow[]> {
  if (!(await knex.schema.hasTable('vtiger_xeroaccounts'))) return [];
  const rows = (await knex('vtiger_xeroaccounts as x')
    .join('vtiger_crmentity as e', 'e.crmid', 'x.xeroaccountsid')
    .where('e.deleted', 0)
    .orderBy('x.xa_code')
    .select('x.xa_code', 'x.xa_name', 'x.xa_type', 'x.xa_status', 'x.xa_account_id')) as Array<{ xa_code: string | null; xa_name: string | null; xa_type: string | null; xa_status: string | null; xa_account_id: string | null }>;
  return rows.map((r) => ({ code: r.xa_code ?? '', name: r.xa_name ?? '', type: r.xa_type ?? '', status: r.xa_status ?? '', accountId: r.xa_account_id ?? '' }));
}

export async function readSyncSettingsView(knex: Knex, lang: string | undefined, now: Date): Promise<SyncSettingsView> {
  const saved = await readSyncSettingsSaved(knex);
  const schedule = await storedSchedule(knex);
  const lastRuns = await lastScheduledRuns(knex);
  const invoice = await readInvoiceSyncSettings(knex);
  const modules: ModuleSettingsView[] = [];
  for (const module of SYNC_SETTINGS_MODULES) {
    const meta = await readModuleMetadata(knex, module);
    const pair = module === 'Invoice' ? undefined : PAIR_OF[module];
    const moduleSchedule = schedule.modules[module];
    const lastRunAt = lastRuns.get(RUN_MODULE_OF[module]) ?? null;
    const next = saved ? nextRunAt(moduleSchedule, { now, lastRunAt, savedAt: new Date(saved.savedAt) }) : null;
    const common = {
      module,
      schedule: moduleSchedule,
      scheduleSource: saved ? ('saved' as const) : ('proposed' as const),
      nextRunAt: next ? next.toISOString() : null,
      lastScheduledRunAt: lastRunAt ? lastRunAt.toISOString() : null,
      statusFields: statusFields(pair, meta.fields),
      selectionKinds: ['all' as const, 'allowSync' as const, 'status' as const],
    };
    if (pair) {
      const s = await readSyncSettings(knex, pair);
      const selection = s.selection.kind === 'ids' ? { kind: 'all' as const } : s.selection;
      modules.push({ ...common, enabled: s.enabled, direction: s.direction, conflictPolicy: s.conflictPolicy, selection, archiveInXeroOnVtigerDelete: pair === 'contacts' || pair === 'accounts' ? s.archiveInXeroOnVtigerDelete : null });
    } else {
      const selection = invoice.selection === 'status' ? { kind: 'status' as const, field: INVOICE_STATUS_FIELD, values: invoice.selectionStatuses } : { kind: invoice.selection };
      modules.push({ ...common, enabled: invoice.enabled, direction: invoice.direction, conflictPolicy: null, selection, archiveInXeroOnVtigerDelete: null });
    }
  }
  const accounts = await chartOfAccounts(knex);
  const active = accounts.filter((a) => a.status !== 'ARCHIVED' && a.code !== '');
  return {
    saved: saved ? { savedAt: saved.savedAt, savedBy: saved.savedBy } : null,
    scheduleActive: saved !== undefined,
    notice: saved ? null : translate(lang, 'settings.schedule.notSaved'),
    modules,
    invoice: {
      defaultInvoiceType: await readDefaultInvoiceType(knex),
      receiptBankAccount: invoice.receiptBankAccount,
      accounts: { sales: invoice.accounts.sales, purchases: invoice.accounts.purchases, shipping: invoice.accounts.shipping, adjustment: invoice.accounts.adjustment, rounding: invoice.accounts.rounding },
      onLockedChange: invoice.onLockedChange,
      paymentsToVtiger: invoice.paymentsToVtiger,
      bankAccounts: active.filter((a) => a.type === 'BANK').map((a) => ({ code: a.code, name: a.name, accountId: a.accountId, status: a.status })),
      accountOptions: active.filter((a) => a.type !== 'BANK').map((a) => ({ code: a.code, name: a.name, type: a.type })),
      accountsNotice: accounts.length === 0 ? translate(lang, 'settings.accounts.notSynced') : null,
    },
    options: { directions: [...DIRECTIONS], conflictPolicies: [...CONFLICT_POLICIES], invoiceTypes: [...XERO_INVOICE_TYPES] },
  };
}

/** The selection against the module's fields, in the user's language, naming the field of the request. */
function checkSelection(module: SyncSettingsModule, input: ModuleSettingsInput, fields: readonly FieldMetadata[], lang: string | undefined): void {
  const at = `modules.${module}.selection`;
  const sel = input.selection;
  if (sel.kind === 'allowSync' && !fields.some((f) => f.name === ALLOW_SYNC_FIELD)) throw invalid(lang, 'settings.selection.noAllowSync', { module }, at);
  if (sel.kind !== 'status') return;
  // Invoices are selected by their Status only (the engine reads it from the invoice it already holds).
  if (module === 'Invoice' && sel.field !== INVOICE_STATUS_FIELD) throw invalid(lang, 'settings.selection.invoiceStatusField', { field: sel.field }, `${at}.field`);
  const field = fields.find((f) => f.name === sel.field && f.active);
  if (!field) throw invalid(lang, 'settings.selection.noField', { module, field: sel.field }, `${at}.field`);
  if (field.dataType === 'boolean') {
    const bad = sel.values.find((v) => v !== '0' && v !== '1');
    if (bad !== undefined) throw invalid(lang, 'settings.selection.checkboxValue', { label: field.label, field: field.name, value: bad }, `${at}.values`);
  } else if (field.dataType === 'picklist') {
    const bad = sel.values.find((v) => !field.picklistValues.includes(v));
    if (bad !== undefined) throw invalid(lang, 'settings.selection.badValue', { value: bad, module, label: field.label, field: field.name }, `${at}.values`);
  } else {
    throw invalid(lang, 'settings.selection.notSelectable', { module, label: field.label, field: field.name, type: field.dataType }, `${at}.field`);
  }
}

async function checkInvoiceOptions(knex: Knex, input: InvoiceOptionsInput, lang: string | undefined): Promise<void> {
  const accounts = (await chartOfAccounts(knex)).filter((a) => a.status !== 'ARCHIVED');
  if (accounts.length === 0) return; // chart not read yet: the sync refuses what does not exist, with its reason
  if (input.receiptBankAccount !== null) {
    const banks = accounts.filter((a) => a.type === 'BANK');
    if (!banks.some((a) => a.code === input.receiptBankAccount)) {
      throw invalid(lang, 'settings.invoice.notBankAccount', { code: input.receiptBankAccount, codes: banks.map((b) => b.code).join(', ') || '—' }, 'invoice.receiptBankAccount');
    }
  }
  const codes: Array<[string, string | null]> = [
    ['invoice.accounts.sales.Products', input.accounts.sales.Products],
    ['invoice.accounts.sales.Services', input.accounts.sales.Services],
    ['invoice.accounts.purchases.Products', input.accounts.purchases.Products],
    ['invoice.accounts.purchases.Services', input.accounts.purchases.Services],
    ['invoice.accounts.shipping', input.accounts.shipping],
    ['invoice.accounts.adjustment', input.accounts.adjustment],
    ['invoice.accounts.rounding', input.accounts.rounding],
  ];
  for (const [field, code] of codes) {
    if (code !== null && !accounts.some((a) => a.code === code)) throw invalid(lang, 'settings.invoice.unknownAccount', { code }, field);
  }
}

export async function saveSyncSettingsScreen(
  knex: Knex,
  input: { modules: Partial<Record<SyncSettingsModule, ModuleSettingsInput>>; invoice?: InvoiceOptionsInput | undefined },
  user: { userId: number },
  lang: string | undefined,
  now: Date,
): Promise<SyncSettingsView> {
  const metas = new Map<SyncSettingsModule, FieldMetadata[]>();
  for (const [module, settings] of Object.entries(input.modules) as Array<[SyncSettingsModule, ModuleSettingsInput | undefined]>) {
    if (!settings) continue;
    const meta = await readModuleMetadata(knex, module);
    metas.set(module, meta.fields);
    checkSelection(module, settings, meta.fields, lang);
  }
  if (input.invoice) await checkInvoiceOptions(knex, input.invoice, lang);
  await knex.transaction(async (trx) => {
    const schedule = await storedSchedule(trx);
    const invoice = await readInvoiceSyncSettings(trx);
    let invoiceChanged = false;
    for (const [module, s] of Object.entries(input.modules) as Array<[SyncSettingsModule, ModuleSettingsInput | undefined]>) {
      if (!s) continue;
      schedule.modules[module] = s.schedule;
      if (module === 'Invoice') {
        invoice.enabled = s.enabled;
        invoice.direction = s.direction;
        invoice.selection = s.selection.kind;
        // Other kinds keep the chosen statuses (unused), so switching back offers them again.
        if (s.selection.kind === 'status') invoice.selectionStatuses = s.selection.values;
        invoiceChanged = true;
        continue;
      }
      const pair = PAIR_OF[module];
      const current = await readSyncSettings(trx, pair);
      await saveSyncSettings(
        trx,
        pair,
        { ...current, enabled: s.enabled, direction: s.direction, selection: s.selection, ...(s.conflictPolicy ? { conflictPolicy: s.conflictPolicy } : {}), ...(s.archiveInXeroOnVtigerDelete !== undefined ? { archiveInXeroOnVtigerDelete: s.archiveInXeroOnVtigerDelete } : {}) },
        metas.get(module) ?? [],
        now,
      );
    }
    if (input.invoice) {
      const i = input.invoice;
      invoice.receiptBankAccount = i.receiptBankAccount;
      invoice.accounts = { ...invoice.accounts, ...i.accounts };
      invoice.onLockedChange = i.onLockedChange;
      invoice.paymentsToVtiger = i.paymentsToVtiger;
      invoiceChanged = true;
      await trx('vtiger_field')
        .whereIn('tabid', trx('vtiger_tab').where({ name: 'Invoice' }).select('tabid'))
        .andWhere({ fieldname: XERO_INVOICE_TYPE_FIELD.fieldname })
        .update({ defaultvalue: i.defaultInvoiceType });
    }
    if (invoiceChanged) await saveInvoiceSyncSettings(trx, invoice);
    await saveScheduleSettings(trx, schedule);
    await markSyncSettingsSaved(trx, user.userId, now);
  });
  return readSyncSettingsView(knex, lang, now);
}
