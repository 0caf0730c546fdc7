import { alertBox, append, button, el, formRow, input, select } from '../dom.js';
import { startAndFollow, type RunProgress } from '../runFollower.js';
import { formatTime, modulePicker, moduleLabel, type Screen, type ScreenContext } from './screenContext.js';
import type { InvoiceOptionsInput, ModuleSettingsInput, ModuleSettingsView, SelectionInput } from '../../../server/http/contracts/syncSettings.js';
import type { ModuleSchedule } from '../../../server/settings/scheduleSettings.js';
import { settingsApi, type SyncSettingsSave, type SyncSettingsView } from './settingsApi.js';

type ModuleSyncView = ModuleSettingsView;
type InvoiceOptionsView = SyncSettingsView['invoice'];
type Schedule = ModuleSchedule;
type Selection = SelectionInput;

/**
 * Settings → XTiger → Sync Settings: per module on/off, direction, conflict policy, which records, schedule; the
 * invoice options; "Sync everything now". Until the first save, nothing runs on a schedule: the screen says so.
 */
export const syncSettingsScreen: Screen = async (ctx, body) => {
  const view = await settingsApi(ctx.client).syncSettings();
  draw(ctx, body, view, view.modules[0]?.module ?? 'Contacts');
};

function draw(ctx: ScreenContext, body: JQuery, view: SyncSettingsView, active: ModuleSyncView['module']): void {
  // The screen edits a copy; Save sends every module at once (one "saved once" moment for the schedule).
  const draft: SyncSettingsView = JSON.parse(JSON.stringify(view)) as SyncSettingsView;
  const area = el('div', { class: 'xtiger-module-settings' });
  const show = (m: ModuleSyncView['module']): void => {
    picker.replaceWith((picker = modulePicker(ctx, draft.modules.map((x) => x.module), m, show)));
    const settings = draft.modules.find((x) => x.module === m);
    area.empty();
    if (settings) append(area, moduleForm(ctx, settings), m === 'Invoice' ? invoiceForm(ctx, draft) : null);
  };
  let picker = modulePicker(ctx, draft.modules.map((x) => x.module), active, show);
  const errors = el('div', { class: 'xtiger-errors' });
  const save = button(ctx.t('JS_XTIGER_SAVE'), 'success', { 'data-action': 'save-sync-settings' });
  save.on('click', () => {
    errors.empty();
    save.prop('disabled', true);
    settingsApi(ctx.client)
      .saveSyncSettings(toSave(draft))
      .then(
        (saved) => {
          ctx.notifySuccess(ctx.t('JS_XTIGER_SAVED'));
          draw(ctx, body, saved, active);
        },
        (error: unknown) => {
          save.prop('disabled', false);
          errors.append(alertBox('danger', ctx.errorText(error)));
        },
      );
  });
  append(
    body.empty(),
      view.saved ? null : alertBox('warning', ctx.t('JS_XTIGER_FIRST_SAVE')).attr('data-xtiger-first-save', 'true'),
      picker,
      area,
      el('div', { style: 'margin:15px 0' }, errors, save),
      syncEverything(ctx),
    );
  show(active);
}

function moduleForm(ctx: ScreenContext, s: ModuleSyncView): JQuery {
  const enabled = el('input', { type: 'checkbox', name: 'enabled', checked: s.enabled });
  enabled.on('change', () => (s.enabled = enabled.prop('checked') as boolean));
  const direction = select(
    'direction',
    [
      { value: 'both', label: ctx.t('JS_XTIGER_DIRECTION_BOTH') },
      { value: 'toXero', label: ctx.t('JS_XTIGER_DIRECTION_TO_XERO') },
      { value: 'toVtiger', label: ctx.t('JS_XTIGER_DIRECTION_TO_VTIGER') },
    ],
    s.direction,
  );
  direction.on('change', () => (s.direction = direction.val() as ModuleSyncView['direction']));
  const policy = select(
    'conflictPolicy',
    [
      { value: 'most_recent', label: ctx.t('JS_XTIGER_POLICY_MOST_RECENT') },
      { value: 'vtiger_wins', label: ctx.t('JS_XTIGER_POLICY_VTIGER_WINS') },
      { value: 'xero_wins', label: ctx.t('JS_XTIGER_POLICY_XERO_WINS') },
      { value: 'hold', label: ctx.t('JS_XTIGER_POLICY_HOLD') },
    ],
    s.conflictPolicy ?? 'most_recent',
  );
  policy.on('change', () => (s.conflictPolicy = policy.val() as NonNullable<ModuleSyncView['conflictPolicy']>));
  return el(
    'div',
    { class: 'form-horizontal', 'data-module': s.module },
    el('h5', {}, el('strong', {}, moduleLabel(ctx, s.module))),
    formRow(ctx.t('JS_XTIGER_SYNC_ENABLED'), el('label', { class: 'checkbox-inline' }, enabled, ' ', ctx.t('JS_XTIGER_SYNC_ENABLED_HELP'))),
    formRow(ctx.t('JS_XTIGER_DIRECTION'), direction),
    s.conflictPolicy === null ? null : formRow(ctx.t('JS_XTIGER_CONFLICT_POLICY'), policy, ctx.t('JS_XTIGER_CONFLICT_POLICY_HELP')),
    formRow(ctx.t('JS_XTIGER_WHICH_RECORDS'), selectionControl(ctx, s)),
    formRow(ctx.t('JS_XTIGER_SCHEDULE'), scheduleControl(ctx, s), s.nextRunAt ? ctx.t('JS_XTIGER_NEXT_RUN', formatTime(s.nextRunAt)) : undefined),
  );
}

function radio(name: string, value: string, checked: boolean, label: string): { wrap: JQuery; input: JQuery } {
  const inputEl = el('input', { type: 'radio', name, value, checked });
  return { wrap: el('div', { class: 'radio' }, el('label', {}, inputEl, ' ', label)), input: inputEl };
}

function selectionControl(ctx: ScreenContext, s: ModuleSyncView): JQuery {
  const name = `selection-${s.module}`;
  const all = radio(name, 'all', s.selection.kind === 'all', ctx.t('JS_XTIGER_SELECT_ALL'));
  const ticked = radio(name, 'allowSync', s.selection.kind === 'allowSync', ctx.t('JS_XTIGER_SELECT_TICKED'));
  const byStatus = radio(name, 'status', s.selection.kind === 'status', ctx.t('JS_XTIGER_SELECT_STATUS'));
  const current = s.selection.kind === 'status' ? s.selection : undefined;
  const fieldChoice = select('statusField', s.statusFields.map((f) => ({ value: f.name, label: f.label })), current?.field ?? (s.statusFields.find((f) => f.suggested) ?? s.statusFields[0])?.name);
  const values = el('select', { class: 'inputElement form-control', name: 'statusValues', multiple: true, size: 5 });
  const fillValues = (): void => {
    const field = s.statusFields.find((f) => f.name === fieldChoice.val());
    const chosen = new Set(current && current.field === field?.name ? current.values : []);
    values.empty();
    for (const v of field?.values ?? []) values.append(el('option', { value: v.value, selected: chosen.has(v.value) }, v.label));
  };
  fillValues();
  const statusBox = el('div', { class: 'xtiger-status-filter', style: 'margin-left:20px' }, fieldChoice, values, el('p', { class: 'help-block' }, ctx.t('JS_XTIGER_SELECT_STATUS_HELP')));
  const update = (): void => {
    const kind = String(jQuery(`input[name="${name}"]:checked`).val() ?? s.selection.kind);
    statusBox.toggle(kind === 'status');
    let selection: Selection;
    if (kind === 'status') selection = { kind: 'status', field: String(fieldChoice.val() ?? ''), values: ((values.val() as string[] | null) ?? []).map(String) };
    else selection = { kind: kind === 'allowSync' ? 'allowSync' : 'all' };
    s.selection = selection;
  };
  fieldChoice.on('change', () => {
    fillValues();
    update();
  });
  values.on('change', update);
  for (const r of [all, ticked, byStatus]) r.input.on('change', update);
  statusBox.toggle(s.selection.kind === 'status');
  const offered = (kind: string): boolean => s.selectionKinds.includes(kind as 'all');
  if (s.statusFields.length === 0) byStatus.input.prop('disabled', true);
  // One field to choose from (Invoices: their Status): shown, so the admin sees what is selected by, but fixed.
  if (s.statusFields.length === 1) fieldChoice.prop('disabled', true);
  return el('div', {}, all.wrap, offered('allowSync') ? ticked.wrap : null, offered('status') ? byStatus.wrap : null, offered('status') ? statusBox : null);
}

function scheduleControl(ctx: ScreenContext, s: ModuleSyncView): JQuery {
  const kind = select(
    'scheduleKind',
    [
      { value: 'off', label: ctx.t('JS_XTIGER_SCHEDULE_OFF') },
      { value: 'every', label: ctx.t('JS_XTIGER_SCHEDULE_EVERY') },
      { value: 'cron', label: ctx.t('JS_XTIGER_SCHEDULE_CRON') },
    ],
    s.schedule.kind,
  );
  const minutes = input('scheduleMinutes', s.schedule.kind === 'every' ? s.schedule.minutes : 15, { type: 'number', min: 1, max: 1440, style: 'width:100px;display:inline-block' });
  const cron = input('scheduleCron', s.schedule.kind === 'cron' ? s.schedule.expression : '*/30 * * * *', { placeholder: '*/30 * * * *' });
  const minutesBox = el('div', { style: 'margin-top:6px' }, minutes, ' ', el('span', {}, ctx.t('JS_XTIGER_MINUTES')));
  const cronBox = el('div', { style: 'margin-top:6px' }, cron, el('p', { class: 'help-block' }, ctx.t('JS_XTIGER_CRON_HELP')));
  const update = (): void => {
    const k = String(kind.val());
    minutesBox.toggle(k === 'every');
    cronBox.toggle(k === 'cron');
    let schedule: Schedule = { kind: 'off' };
    if (k === 'every') schedule = { kind: 'every', minutes: Number(minutes.val()) };
    if (k === 'cron') schedule = { kind: 'cron', expression: String(cron.val()).trim() };
    s.schedule = schedule;
  };
  kind.on('change', update);
  minutes.on('input change', update);
  cron.on('input change', update);
  minutesBox.toggle(s.schedule.kind === 'every');
  cronBox.toggle(s.schedule.kind === 'cron');
  return el('div', {}, kind, minutesBox, cronBox);
}

function invoiceForm(ctx: ScreenContext, draft: SyncSettingsView): JQuery {
  const inv = draft.invoice;
  const typeKeys = { 'Sales Invoice': 'JS_XTIGER_TYPE_SALES_INVOICE', Bill: 'JS_XTIGER_TYPE_BILL', Receipt: 'JS_XTIGER_TYPE_RECEIPT' } as const;
  const type = select('defaultInvoiceType', draft.options.invoiceTypes.map((v) => ({ value: v, label: ctx.t(typeKeys[v]) })), inv.defaultInvoiceType);
  type.on('change', () => (inv.defaultInvoiceType = type.val() as InvoiceOptionsView['defaultInvoiceType']));
  const bank = select('receiptBankAccount', [{ value: '', label: ctx.t('JS_XTIGER_NONE_CHOSEN') }, ...inv.bankAccounts.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` }))], inv.receiptBankAccount ?? '');
  bank.on('change', () => (inv.receiptBankAccount = String(bank.val()) || null));
  const locked = select('onLockedChange', [{ value: 'skip', label: ctx.t('JS_XTIGER_ON_LOCKED_WAIT') }, { value: 'voidAndRecreate', label: ctx.t('JS_XTIGER_ON_LOCKED_RECREATE') }], inv.onLockedChange);
  locked.on('change', () => (inv.onLockedChange = locked.val() as InvoiceOptionsView['onLockedChange']));
  const accounts = inv.accountOptions.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` }));
  const code = (side: 'sales' | 'purchases', module: 'Products' | 'Services', label: string): JQuery => {
    const current = inv.accounts[side][module];
    const s = select(`${side}${module}`, accounts.some((a) => a.value === current) ? accounts : [{ value: current, label: current }, ...accounts], current);
    s.on('change', () => (inv.accounts[side][module] = String(s.val())));
    return formRow(label, s);
  };
  return el(
    'div',
    { class: 'form-horizontal xtiger-invoice-options' },
    el('h5', {}, el('strong', {}, ctx.t('JS_XTIGER_INVOICE_OPTIONS'))),
    inv.accountsNotice ? alertBox('info', inv.accountsNotice) : null,
    formRow(ctx.t('JS_XTIGER_DEFAULT_INVOICE_TYPE'), type, ctx.t('JS_XTIGER_DEFAULT_INVOICE_TYPE_HELP')),
    formRow(ctx.t('JS_XTIGER_RECEIPT_BANK'), bank, ctx.t('JS_XTIGER_RECEIPT_BANK_HELP')),
    formRow(ctx.t('JS_XTIGER_ON_LOCKED_CHANGE'), locked, ctx.t('JS_XTIGER_ON_LOCKED_CHANGE_HELP')),
    code('sales', 'Products', ctx.t('JS_XTIGER_ACCOUNT_SALES_PRODUCTS')),
    code('sales', 'Services', ctx.t('JS_XTIGER_ACCOUNT_SALES_SERVICES')),
    code('purchases', 'Products', ctx.t('JS_XTIGER_ACCOUNT_PURCHASES_PRODUCTS')),
    code('purchases', 'Services', ctx.t('JS_XTIGER_ACCOUNT_PURCHASES_SERVICES')),
  );
}

/** The PUT body: every module whole, and the invoice options (without the lists the screen only shows). */
export function toSave(draft: SyncSettingsView): SyncSettingsSave {
  const modules: SyncSettingsSave['modules'] = {};
  for (const m of draft.modules) {
    const input: ModuleSettingsInput = { enabled: m.enabled, direction: m.direction, selection: m.selection, schedule: m.schedule };
    if (m.conflictPolicy !== null) input.conflictPolicy = m.conflictPolicy;
    if (m.archiveInXeroOnVtigerDelete !== null) input.archiveInXeroOnVtigerDelete = m.archiveInXeroOnVtigerDelete;
    modules[m.module] = input;
  }
  const i = draft.invoice;
  const invoice: InvoiceOptionsInput = {
    defaultInvoiceType: i.defaultInvoiceType,
    receiptBankAccount: i.receiptBankAccount,
    accounts: i.accounts,
    onLockedChange: i.onLockedChange,
    paymentsToVtiger: i.paymentsToVtiger,
  };
  return { modules, invoice };
}

/** Admins: a full sync now, with a progress bar following the run, then its summary. */
function syncEverything(ctx: ScreenContext): JQuery {
  const bar = el('div', { class: 'progress-bar progress-bar-striped active', role: 'progressbar', style: 'width:0%;min-width:2em' }, '0');
  const progress = el('div', { class: 'progress', style: 'display:none;margin-top:10px' }, bar);
  const summary = el('div', { class: 'xtiger-run-summary' });
  const run = button(ctx.t('JS_XTIGER_SYNC_EVERYTHING'), 'primary', { 'data-action': 'sync-everything' });
  const onProgress = (p: RunProgress): void => {
    const pct = p.total ? Math.min(100, Math.round((100 * p.done) / p.total)) : null;
    bar.css('width', pct === null ? '100%' : `${pct}%`).text(pct === null ? ctx.t('JS_XTIGER_RECORDS_DONE', p.done) : `${pct}%`);
  };
  run.on('click', () => {
    void (async () => {
      run.prop('disabled', true);
      progress.show();
      summary.empty();
      try {
        const done = await startAndFollow(ctx.client, { all: true }, onProgress);
        const c = done.totals;
        bar.removeClass('active');
        summary.append(
          alertBox(done.status === 'done' && c.failed === 0 ? 'success' : 'warning', ctx.t('JS_XTIGER_RUN_SUMMARY', c.created, c.updated, c.unchanged + c.skipped, c.failed, c.conflicts), done.error ? ` ${done.error.message}` : '').attr(
            'data-xtiger-run',
            done.status,
          ),
        );
      } catch (error) {
        progress.hide();
        summary.append(alertBox('danger', ctx.errorText(error)));
      } finally {
        run.prop('disabled', false);
      }
    })();
  });
  return el('div', { class: 'xtiger-sync-everything', style: 'border-top:1px solid #ddd;padding-top:15px' }, el('h5', {}, el('strong', {}, ctx.t('JS_XTIGER_SYNC_EVERYTHING'))), el('p', { class: 'text-muted' }, ctx.t('JS_XTIGER_SYNC_EVERYTHING_HELP')), run, progress, summary);
}

