import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ConnectedBackend, startConnectedBackend, syncNowAndWait } from '../../syncRuns/testing/connectedBackend.js';
import { addCustomField } from '../../vtiger/testing/addCustomField.js';
import { writeXTLogEntries } from '../../vtiger/ownModules/xtLog.js';
import { translate } from '../../i18n/translate.js';
import { readScheduleSettings } from '../../settings/scheduleSettings.js';
import { readInvoiceSyncSettings } from '../../sync/invoices/invoiceSettings.js';
import { fieldMappingViewSchema, type FieldMappingView } from '../contracts/fieldMapping.js';
import { taxMapViewSchema } from '../contracts/taxMap.js';
import { syncSettingsViewSchema, type SyncSettingsView } from '../contracts/syncSettings.js';
import { notificationSettingsViewSchema } from '../contracts/notifications.js';
import { dashboardSchema } from '../contracts/dashboard.js';
import { addToQueue } from '../contracts/queue.js';
import { recordXeroStatusSchema } from '../contracts/recordStatus.js';

/**
 * The settings screens' endpoints through the real app (sample database with XTiger's modules, the webservice
 * double, the Xero sandbox, the real connect): field mapping, tax map, sync settings, notifications, dashboard,
 * add to queue, the record panel; non-admins refused, bad input answered 400 naming the field.
 */
let b: ConnectedBackend;
let userToken: string;

const api = (method: string, path: string, body?: unknown, token?: string) => callApi(b, method, path, body, token);
const errorOf = (json: Record<string, unknown>) => json['error'] as { code: string; message: string; details?: Record<string, unknown> };

const syncAndWait = (body: unknown) => syncNowAndWait(b, body);

beforeAll(async () => {
  b = await startConnectedBackend();
  userToken = await b.app.tokenFor({ userId: 5, isAdmin: false });
});
afterAll(async () => {
  await b?.close();
});

describe('access', () => {
  it('refuses non-administrators on every settings and dashboard endpoint, and requests without a token', async () => {
    const adminOnly: Array<[string, string, unknown?]> = [
      ['GET', '/api/settings/field-mapping/Contacts'],
      ['PUT', '/api/settings/field-mapping/Contacts', { fields: [] }],
      ['POST', '/api/settings/field-mapping/Contacts/check', { fields: [] }],
      ['POST', '/api/settings/field-mapping/Contacts/reset'],
      ['GET', '/api/settings/tax-map'],
      ['PUT', '/api/settings/tax-map', { taxMap: {} }],
      ['GET', '/api/settings/sync'],
      ['PUT', '/api/settings/sync', {}],
      ['GET', '/api/settings/notifications'],
      ['PUT', '/api/settings/notifications', {}],
      ['GET', '/api/dashboard'],
      ['GET', '/api/xero/connection/health'],
    ];
    for (const [method, path, body] of adminOnly) {
      const res = await api(method, path, body, userToken);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(errorOf(res.json).code).toBe('FORBIDDEN');
      const anonymous = await fetch(`${b.app.url}${path}`, { method });
      expect(anonymous.status, `${method} ${path} without a token`).toBe(401);
    }
  });
});

describe('field mapping', () => {
  let taxNumberField = '';
  let initial: FieldMappingView;

  it('shows the effective mapping (defaults and auto-mapped custom fields marked), the fields of both sides', async () => {
    taxNumberField = (await addCustomField(b.db.knex, { module: 'Accounts', label: 'Tax Number', uitype: 1, typeofdata: 'V~O', columnType: 'varchar(50)', style: 'layoutEditor' })).fieldname;
    const res = await api('GET', '/api/settings/field-mapping/Accounts');
    expect(res.status).toBe(200);
    initial = fieldMappingViewSchema.parse(res.json);
    expect(initial).toMatchObject({ module: 'Accounts', editable: true, version: 0, savedAt: null, problems: [] });
    expect(initial.rows).toContainEqual(expect.objectContaining({ vtigerField: 'accountname', xeroField: 'name', direction: 'both', source: 'default', vtigerLabel: 'Account Name', xeroLabel: 'Contact Name' }));
    expect(initial.rows).toContainEqual(expect.objectContaining({ vtigerField: taxNumberField, xeroField: 'taxNumber', source: 'auto', vtigerLabel: 'Tax Number' }));
    expect(initial.vtigerFields).toContainEqual(expect.objectContaining({ name: taxNumberField, label: 'Tax Number', isCustom: true, dataType: 'string' }));
    expect(initial.vtigerFields.some((f) => f.name.startsWith('cf_xt_'))).toBe(false);
    expect(initial.xeroFields).toContainEqual({ path: 'website', label: 'Website', type: 'url', readOnly: true, required: false, maxLength: null });
  });

  it('answers 400 naming the field: a bad direction, a read-only Xero field written, an unknown field', async () => {
    const shape = await api('PUT', '/api/settings/field-mapping/Accounts', { fields: [{ vtigerField: 'accountname', xeroField: 'name', direction: 'sideways' }] });
    expect(shape.status).toBe(400);
    expect(errorOf(shape.json).message).toContain('"fields.0.direction"');
    const rows = initial.rows.map(({ vtigerField, xeroField, direction, transform }) => ({ vtigerField, xeroField, direction, ...(transform ? { transform } : {}) }));
    const website = await api('PUT', '/api/settings/field-mapping/Accounts', { fields: rows.map((r) => (r.vtigerField === 'website' ? { ...r, direction: 'both' } : r)) });
    expect(website.status).toBe(400);
    expect(errorOf(website.json)).toMatchObject({ code: 'SYNC_MAPPING_INVALID', details: { field: 'website' } });
    expect(errorOf(website.json).message).toContain('Xero does not accept writes to "Website"');
    const check = await api('POST', '/api/settings/field-mapping/Accounts/check', { fields: [...rows, { vtigerField: 'cf_nope', xeroField: 'taxNumber', direction: 'both' }] });
    expect(check.status).toBe(200);
    expect(check.json).toMatchObject({ valid: false, problems: expect.arrayContaining([expect.objectContaining({ field: 'cf_nope' })]) as unknown });
    expect((await api('PUT', '/api/settings/field-mapping/Leads', { fields: rows })).status).toBe(400);
  });

  it('saves a new version (the admin\'s rows marked saved) and resets to the defaults', async () => {
    const rows = initial.rows
      .filter((r) => r.vtigerField !== 'email1')
      .map(({ vtigerField, xeroField, direction, transform }) => ({ vtigerField, xeroField, direction: vtigerField === 'phone' ? ('toXero' as const) : direction, ...(transform ? { transform } : {}) }));
    const saved = await api('PUT', '/api/settings/field-mapping/Accounts', { fields: rows });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    const view = fieldMappingViewSchema.parse(saved.json);
    expect(view.version).toBe(1);
    expect(view.savedAt).not.toBeNull();
    expect(view.rows.find((r) => r.vtigerField === 'phone')).toMatchObject({ direction: 'toXero', source: 'saved' });
    expect(view.rows.find((r) => r.vtigerField === 'accountname')?.source).toBe('default');
    expect(view.rows.some((r) => r.vtigerField === 'email1')).toBe(false);
    const reset = fieldMappingViewSchema.parse((await api('POST', '/api/settings/field-mapping/Accounts/reset')).json);
    expect(reset.version).toBe(2);
    expect(reset.rows).toEqual(initial.rows);
  });

  it('Invoice: fixed rows, read-only; Products: an empty Part Number is said', async () => {
    const invoice = fieldMappingViewSchema.parse((await api('GET', '/api/settings/field-mapping/Invoice')).json);
    expect(invoice.editable).toBe(false);
    expect(invoice.rows).toContainEqual(expect.objectContaining({ vtigerField: 'invoice_no', xeroField: 'invoiceNumber' }));
    const refused = await api('PUT', '/api/settings/field-mapping/Invoice', { fields: [] });
    expect(refused.status).toBe(400);
    expect(errorOf(refused.json).details).toMatchObject({ field: 'module' });
    await b.db.knex('vtiger_products').where({ productid: 13 }).update({ productcode: '' });
    try {
      const products = fieldMappingViewSchema.parse((await api('GET', '/api/settings/field-mapping/Products', undefined, await b.app.tokenFor({ userId: 51, isAdmin: true, language: 'ja_jp' }))).json);
      expect(products.problems).toEqual([{ field: 'productcode', message: expect.stringContaining('1 件の製品') as string }]);
    } finally {
      await b.db.knex('vtiger_products').where({ productid: 13 }).update({ productcode: 'CAB-002' });
    }
  });
});

describe('tax map', () => {
  it('without Xero: the Vtiger combinations, and why the rates are missing', async () => {
    const view = taxMapViewSchema.parse((await api('GET', '/api/settings/tax-map')).json);
    expect(view.xeroError?.code).toBe('XERO_NOT_CONNECTED');
    expect(view.combinations.map((c) => `${c.kind}:${c.key}`)).toEqual([
      'lines:tax1', 'lines:tax1+tax2', 'lines:tax1+tax2+tax3', 'lines:tax2', 'lines:tax3', 'shipping:shtax1', 'shipping:shtax1+shtax2+shtax3', 'shipping:shtax2', 'shipping:shtax3',
    ]);
    const group = view.combinations.find((c) => c.key === 'tax1+tax2+tax3');
    expect(group).toMatchObject({ percent: '27', origins: ['group', 'invoices'], usedOnInvoiceLines: 2, mapped: null, resolved: null });
    expect(view.rules.length).toBeGreaterThanOrEqual(4);
  });

  it('connected: each combination resolves to the organisation\'s rate of the same %, a wrong choice is refused naming it', async () => {
    await b.connect();
    const view = taxMapViewSchema.parse((await api('GET', '/api/settings/tax-map')).json);
    expect(view.xeroError).toBeNull();
    expect(view.xeroTaxRates).toContainEqual(expect.objectContaining({ taxType: 'TAX005', name: 'VAT + Sales + Service', effectiveRate: '27', active: true }));
    expect(view.combinations.find((c) => c.key === 'tax1+tax2')).toMatchObject({ resolved: 'TAX004', problem: null });
    const wrong = await api('PUT', '/api/settings/tax-map', { taxMap: { 'tax1+tax2': 'TAX005' } });
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong.json).details).toMatchObject({ field: 'taxMap.tax1+tax2' });
    expect(errorOf(wrong.json).message).toBe('tax1+tax2 (VAT 4.5 % + Sales 10 %) totals 14.5 %, but Xero "VAT + Sales + Service" (TAX005) is 27 %.');
    expect((await api('PUT', '/api/settings/tax-map', { taxMap: { tax9: 'TAX001' } })).json).toMatchObject({ error: { details: { field: 'taxMap.tax9' } } });
    expect((await api('PUT', '/api/settings/tax-map', { taxMap: { 'VAT+Sales': 'TAX004' } })).status).toBe(400);
    const zero = await api('PUT', '/api/settings/tax-map', { taxMap: {}, zeroTaxType: 'TAX001' });
    expect(errorOf(zero.json).details).toMatchObject({ field: 'zeroTaxType' });
    const ok = await api('PUT', '/api/settings/tax-map', { taxMap: { 'tax1+tax2': 'TAX004', 'tax1+tax2+tax3': 'TAX005' }, zeroTaxType: 'NONE' });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(taxMapViewSchema.parse(ok.json).combinations.find((c) => c.key === 'tax1+tax2+tax3')).toMatchObject({ mapped: 'TAX005', resolved: 'TAX005' });
    expect(await readInvoiceSyncSettings(b.db.knex)).toMatchObject({ taxMap: { 'tax1+tax2': 'TAX004', 'tax1+tax2+tax3': 'TAX005' }, zeroTaxType: 'NONE' });
  });
});

describe('sync settings', () => {
  const moduleOf = (v: SyncSettingsView, m: string) => v.modules.find((x) => x.module === m);

  it('before the first save: nothing runs on a schedule, said in the user\'s language; the status fields to choose from', async () => {
    const view = syncSettingsViewSchema.parse((await api('GET', '/api/settings/sync')).json);
    expect(view).toMatchObject({ saved: null, scheduleActive: false, notice: translate('en_us', 'settings.schedule.notSaved') });
    expect(view.modules.map((m) => [m.module, m.scheduleSource, m.nextRunAt])).toEqual([
      ['Contacts', 'proposed', null], ['Accounts', 'proposed', null], ['Products', 'proposed', null], ['Services', 'proposed', null], ['Invoice', 'proposed', null],
    ]);
    const accountType = moduleOf(view, 'Accounts')?.statusFields.find((f) => f.name === 'accounttype');
    expect(accountType).toMatchObject({ dataType: 'picklist', suggested: true });
    expect(accountType?.values).toContainEqual({ value: 'Customer', label: 'Customer' });
    expect(moduleOf(view, 'Invoice')).toMatchObject({ conflictPolicy: null, selectionKinds: ['all', 'allowSync', 'status'] });
    // Invoices are selected by their Status only, with the picklist's values.
    expect(moduleOf(view, 'Invoice')?.statusFields.map((f) => [f.name, f.dataType, f.suggested])).toEqual([['invoicestatus', 'picklist', true]]);
    expect(moduleOf(view, 'Invoice')?.statusFields[0]?.values.map((v) => v.value)).toEqual(expect.arrayContaining(['Created', 'Approved', 'Sent', 'Paid', 'Cancel']));
    const ja = syncSettingsViewSchema.parse((await api('GET', '/api/settings/sync', undefined, await b.app.tokenFor({ userId: 51, isAdmin: true, language: 'ja_jp' }))).json);
    expect(ja.notice).toBe('同期設定を保存するまで、スケジュールによる同期は実行されません。下の設定を確認して「保存」をクリックしてください。');
    expect((await readScheduleSettings(b.db.knex)).saved).toBeUndefined();
  });

  const accounts = { enabled: true, direction: 'both', conflictPolicy: 'hold', selection: { kind: 'status', field: 'accounttype', values: ['Customer'] }, archiveInXeroOnVtigerDelete: false, schedule: { kind: 'every', minutes: 30 } };

  it('answers 400 naming the field for a value the picklist does not have, a bad cron, an invoice selection by another field or value', async () => {
    const badValue = await api('PUT', '/api/settings/sync', { modules: { Accounts: { ...accounts, selection: { kind: 'status', field: 'accounttype', values: ['Customer', 'Nope'] } } } });
    expect(badValue.status).toBe(400);
    expect(errorOf(badValue.json)).toMatchObject({ code: 'SYNC_SETTINGS_INVALID', details: { field: 'modules.Accounts.selection.values' } });
    expect(errorOf(badValue.json).message).toContain('"Nope"');
    const cron = await api('PUT', '/api/settings/sync', { modules: { Accounts: { ...accounts, schedule: { kind: 'cron', expression: '99 99 * * *' } } } });
    expect(cron.status).toBe(400);
    expect(errorOf(cron.json).message).toContain('"modules.Accounts.schedule.expression"');
    const invoiceByType = await api('PUT', '/api/settings/sync', { modules: { Invoice: { ...accounts, conflictPolicy: undefined, selection: { kind: 'status', field: 'xt_invoice_type', values: ['Bill'] } } } });
    expect(invoiceByType.status).toBe(400);
    expect(errorOf(invoiceByType.json)).toMatchObject({ code: 'SYNC_SETTINGS_INVALID', details: { field: 'modules.Invoice.selection.field' } });
    expect(errorOf(invoiceByType.json).message).toBe('Invoices are selected by their Status field (invoicestatus), not by "xt_invoice_type".');
    const ja = await b.app.tokenFor({ userId: 51, isAdmin: true, language: 'ja_jp' });
    const invoiceByTypeJa = await api('PUT', '/api/settings/sync', { modules: { Invoice: { ...accounts, conflictPolicy: undefined, selection: { kind: 'status', field: 'xt_invoice_type', values: ['Bill'] } } } }, ja);
    expect(errorOf(invoiceByTypeJa.json).message).toBe('請求書はステータスの項目（invoicestatus）で選びます。「xt_invoice_type」では選べません。');
    const invoiceBadStatus = await api('PUT', '/api/settings/sync', { modules: { Invoice: { ...accounts, conflictPolicy: undefined, selection: { kind: 'status', field: 'invoicestatus', values: ['Approved', 'Shipped'] } } } });
    expect(invoiceBadStatus.status).toBe(400);
    expect(errorOf(invoiceBadStatus.json)).toMatchObject({ details: { field: 'modules.Invoice.selection.values' } });
    expect(errorOf(invoiceBadStatus.json).message).toContain('"Shipped" is not a value of Invoice field');
    expect((await readScheduleSettings(b.db.knex)).saved).toBeUndefined();
  });

  it('saves: the selection, policies, schedules and invoice options are in force, the schedule runs from now on', async () => {
    await syncAndWait({ all: true }); // reads the chart of accounts into XeroAccounts
    const before = syncSettingsViewSchema.parse((await api('GET', '/api/settings/sync')).json);
    expect(before.invoice.bankAccounts.map((a) => a.code)).toEqual(['090', '091']);
    expect(before.invoice.accountsNotice).toBeNull();
    const invoice = { defaultInvoiceType: 'Bill', receiptBankAccount: '090', accounts: { sales: { Products: '200', Services: '200' }, purchases: { Products: '310', Services: '310' }, shipping: null, adjustment: null, rounding: null }, onLockedChange: 'skip', paymentsToVtiger: true };
    const notBank = await api('PUT', '/api/settings/sync', { invoice: { ...invoice, receiptBankAccount: '200' } });
    expect(errorOf(notBank.json).details).toMatchObject({ field: 'invoice.receiptBankAccount' });
    const res = await api('PUT', '/api/settings/sync', {
      modules: {
        Accounts: accounts,
        Contacts: { enabled: true, direction: 'toXero', conflictPolicy: 'vtiger_wins', selection: { kind: 'allowSync' }, schedule: { kind: 'off' } },
        Invoice: { enabled: true, direction: 'toXero', selection: { kind: 'allowSync' }, schedule: { kind: 'cron', expression: '0 */2 * * *' } },
      },
      invoice,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const view = syncSettingsViewSchema.parse(res.json);
    expect(view).toMatchObject({ saved: { savedBy: 1 }, scheduleActive: true, notice: null });
    expect(moduleOf(view, 'Accounts')).toMatchObject({ conflictPolicy: 'hold', selection: { kind: 'status', field: 'accounttype', values: ['Customer'] }, archiveInXeroOnVtigerDelete: false, scheduleSource: 'saved' });
    expect(Date.parse(moduleOf(view, 'Accounts')?.nextRunAt ?? '')).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(moduleOf(view, 'Contacts')).toMatchObject({ direction: 'toXero', selection: { kind: 'allowSync' }, nextRunAt: null });
    expect(moduleOf(view, 'Invoice')?.nextRunAt).not.toBeNull();
    expect(moduleOf(view, 'Products')).toMatchObject({ schedule: { kind: 'every', minutes: 60 }, scheduleSource: 'saved' });
    expect(view.invoice).toMatchObject({ defaultInvoiceType: 'Bill', receiptBankAccount: '090' });
    const schedule = await readScheduleSettings(b.db.knex);
    expect(schedule.saved?.savedBy).toBe(1);
    expect(schedule.schedule.modules).toMatchObject({ Accounts: { kind: 'every', minutes: 30 }, Contacts: { kind: 'off' }, Invoice: { kind: 'cron', expression: '0 */2 * * *' } });
    expect(await readInvoiceSyncSettings(b.db.knex)).toMatchObject({ selection: 'allowSync', receiptBankAccount: '090', taxMap: { 'tax1+tax2': 'TAX004' } });
    const field = (await b.db.knex('vtiger_field as f').join('vtiger_tab as t', 't.tabid', 'f.tabid').where({ 't.name': 'Invoice', 'f.fieldname': 'xt_invoice_type' }).first('f.defaultvalue')) as { defaultvalue: string };
    expect(field.defaultvalue).toBe('Bill');
  });

  it("XTiger 1.0.0's default type 'Invoice' (the module not yet updated, a page opened before) loads and saves as 'Sales Invoice'", async () => {
    const defaultValue = () => b.db.knex('vtiger_field as f').join('vtiger_tab as t', 't.tabid', 'f.tabid').where({ 't.name': 'Invoice', 'f.fieldname': 'xt_invoice_type' });
    await defaultValue().update({ 'f.defaultvalue': 'Invoice' });
    const view = syncSettingsViewSchema.parse((await api('GET', '/api/settings/sync')).json);
    expect(view.invoice.defaultInvoiceType).toBe('Sales Invoice');
    const invoice = { ...view.invoice, bankAccounts: undefined, accountOptions: undefined, accountsNotice: undefined };
    const saved = await api('PUT', '/api/settings/sync', { invoice: { ...invoice, defaultInvoiceType: 'Invoice' } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(((await defaultValue().first('f.defaultvalue')) as { defaultvalue: string }).defaultvalue).toBe('Sales Invoice');
    const unknown = await api('PUT', '/api/settings/sync', { invoice: { ...invoice, defaultInvoiceType: 'Invoices' } });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown.json).message).toContain('"invoice.defaultInvoiceType"');
  });

  it('Invoice: a selection by Status is saved and read back; "all"/"allowSync" stored before read unchanged', async () => {
    const invoiceModule = { enabled: true, direction: 'toXero', schedule: { kind: 'off' } };
    const res = await api('PUT', '/api/settings/sync', { modules: { Invoice: { ...invoiceModule, selection: { kind: 'status', field: 'invoicestatus', values: ['Approved', 'Sent'] } } } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const read = syncSettingsViewSchema.parse((await api('GET', '/api/settings/sync')).json);
    expect(moduleOf(read, 'Invoice')?.selection).toEqual({ kind: 'status', field: 'invoicestatus', values: ['Approved', 'Sent'] });
    expect(await readInvoiceSyncSettings(b.db.knex)).toMatchObject({ selection: 'status', selectionStatuses: ['Approved', 'Sent'], receiptBankAccount: '090' });
    // Back to "all": the chosen statuses are kept (unused), the selection is "all" again.
    await api('PUT', '/api/settings/sync', { modules: { Invoice: { ...invoiceModule, selection: { kind: 'all' } } } });
    expect(moduleOf(syncSettingsViewSchema.parse((await api('GET', '/api/settings/sync')).json), 'Invoice')?.selection).toEqual({ kind: 'all' });
    // A value stored by an earlier version (no selectionStatuses) loads as it was.
    const stored = JSON.parse(((await b.db.knex('xtiger_settings').where({ name: 'sync.invoices' }).first('value')) as { value: string }).value) as Record<string, unknown>;
    delete stored['selectionStatuses'];
    await b.db.knex('xtiger_settings').where({ name: 'sync.invoices' }).update({ value: JSON.stringify({ ...stored, selection: 'allowSync' }) });
    const old = await api('GET', '/api/settings/sync');
    expect(old.status).toBe(200);
    expect(moduleOf(syncSettingsViewSchema.parse(old.json), 'Invoice')?.selection).toEqual({ kind: 'allowSync' });
    expect(await readInvoiceSyncSettings(b.db.knex)).toMatchObject({ selection: 'allowSync', selectionStatuses: [] });
  });
});

describe('notifications', () => {
  it('reads the defaults, refuses a bad address naming it, keeps the SMTP password write-only', async () => {
    const first = notificationSettingsViewSchema.parse((await api('GET', '/api/settings/notifications')).json);
    expect(first).toMatchObject({ recipients: [], frequency: 'off', smtp: { source: 'vtiger' }, hasSmtpPassword: false });
    expect(first.options.frequencies).toEqual(['off', 'each_sync', 'daily', 'weekly', 'monthly']);
    const bad = await api('PUT', '/api/settings/notifications', { recipients: ['ops@example.com', 'not-an-address'], frequency: 'daily', language: 'en_us', smtp: { source: 'vtiger' } });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.json)).toMatchObject({ message: 'Recipient 2, "not-an-address", is not an e-mail address: correct or remove it.', details: { field: 'recipients.1' } });
    const ja = await api('PUT', '/api/settings/notifications', { recipients: ['ops@example'], frequency: 'daily', language: 'en_us', smtp: { source: 'vtiger' } }, await b.app.tokenFor({ userId: 51, isAdmin: true, language: 'ja_jp' }));
    expect(errorOf(ja.json).message).toBe('受信者 1 の「ops@example」はメールアドレスではありません。修正するか削除してください。');
    expect((await api('GET', '/api/settings/notifications')).json).toMatchObject({ recipients: [], frequency: 'off' });
    const body = { recipients: ['ops@example.com'], frequency: 'weekly', language: 'ja_jp', smtp: { source: 'own', host: 'smtp.example.com', port: 587, secure: false, username: 'xt', fromEmail: 'xtiger@example.com', fromName: 'XTiger' } };
    const saved = await api('PUT', '/api/settings/notifications', { ...body, smtpPassword: 'p4ss-w0rd' });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(notificationSettingsViewSchema.parse(saved.json)).toMatchObject({ ...body, hasSmtpPassword: true });
    expect(JSON.stringify(saved.json)).not.toContain('p4ss-w0rd');
    const again = await api('PUT', '/api/settings/notifications', body);
    expect(again.json).toMatchObject({ hasSmtpPassword: true });
    expect(b.app.logs.join('')).not.toContain('p4ss-w0rd');
  });
});

describe('add to queue, dashboard, record panel', () => {
  it('queues chosen records once each, says which were waiting, leaves out what the user may not edit, refuses bad input naming it', async () => {
    const first = await api('POST', '/api/queue', { module: 'Products', ids: [10, 11] }, userToken);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(addToQueue.response.parse(first.json)).toMatchObject({ queued: 2, queuedIds: [10, 11], alreadyWaiting: [], queueSize: 2 });
    const second = addToQueue.response.parse((await api('POST', '/api/queue', { module: 'Products', ids: [11, 12] }, userToken)).json);
    expect(second).toMatchObject({ queued: 1, queuedIds: [12], alreadyWaiting: [11], queueSize: 3 });
    expect(second.message).toBe('1 record(s) added to the queue; the next run takes them in queue order. 1 record(s) were already waiting in the queue. 3 record(s) wait in the queue.');
    const rows = (await b.db.knex('vtiger_xtqueue').orderBy('xtq_sequence').select('xtq_related_to', 'xtq_status', 'xtq_direction')) as Array<{ xtq_related_to: number; xtq_status: string }>;
    expect(rows.map((r) => [Number(r.xtq_related_to), r.xtq_status])).toEqual([[10, 'Queued'], [11, 'Queued'], [12, 'Queued']]);
    // Records not in the module (or not editable by the user) are left out, counted, never named; none left → 403.
    const mixed = addToQueue.response.parse((await api('POST', '/api/queue', { module: 'Products', ids: [12, 2] }, userToken)).json);
    expect(mixed).toMatchObject({ queued: 0, alreadyWaiting: [12], leftOut: { count: 1 } });
    expect((await api('POST', '/api/queue', { module: 'Products', ids: [2] }, userToken)).status).toBe(403);
    expect(errorOf((await api('POST', '/api/queue', { module: 'Products', ids: ['x'] }, userToken)).json).message).toContain('"ids.0"');
  });

  it('the next run takes the queued records and closes their entries', async () => {
    await syncAndWait({ module: 'Products', ids: [13] }); // not the queue: an ids run leaves it alone
    expect((await b.db.knex('vtiger_xtqueue').where({ xtq_status: 'Queued' }).count({ n: '*' })) as unknown).toEqual([{ n: 3 }]);
    await syncAndWait({ all: true });
    const statuses = (await b.db.knex('vtiger_xtqueue').select('xtq_status')) as Array<{ xtq_status: string }>;
    expect(statuses.map((s) => s.xtq_status)).toEqual(['Done', 'Done', 'Done']);
  });

  it('the dashboard: runs per module and per day, the latest failures with their records, queue and next runs', async () => {
    await writeXTLogEntries(b.db.knex, [
      { module: 'Accounts', relatedTo: 3, direction: 'Vtiger to Xero', action: 'Update', status: 'Failed', message: 'Xero refused Globex GmbH: the name is taken.', runId: 'run-x', trigger: 'Instant', startedAt: new Date(), ownerId: 1 },
    ]);
    const res = await api('GET', '/api/dashboard?days=3&failures=5');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const d = dashboardSchema.parse(res.json);
    expect(d.days).toHaveLength(15);
    const today = new Date().toISOString().slice(0, 10);
    expect(d.days.find((x) => x.date === today && x.module === 'Accounts')).toMatchObject({ synced: 3, failed: 0 });
    expect(d.runs.length).toBeGreaterThanOrEqual(3);
    expect(d.runs[0]?.modules.map((m) => m.module)).toContain('Products');
    expect(d.latestFailures[0]).toMatchObject({ module: 'Accounts', recordId: 3, recordLabel: 'Globex GmbH', status: 'Failed', message: 'Xero refused Globex GmbH: the name is taken.', runId: 'run-x' });
    expect(d.queue).toEqual({ waiting: 0, gaveUp: 0, byModule: [] });
    expect(d.schedule.active).toBe(true);
    expect(d.schedule.modules.find((m) => m.module === 'Contacts')?.nextRunAt).toBeNull();
    expect((await api('GET', '/api/dashboard?days=0')).json).toMatchObject({ error: { details: { field: 'days' } } });
  });

  it('the record panel: the link into Xero, the last log lines, a held conflict with both sides', async () => {
    const panel = recordXeroStatusSchema.parse((await api('GET', '/api/records/Products/10/xero-status?log=2', undefined, userToken)).json);
    expect(panel.xero).toMatchObject({ kind: 'item', exact: false });
    // Created once; later runs found it unchanged (no log line).
    expect(panel.recentLog).toEqual([expect.objectContaining({ action: 'Create', status: 'Success', direction: 'Vtiger to Xero' })]);
    expect(panel.conflict).toBeNull();
    const invoice = recordXeroStatusSchema.parse((await api('GET', '/api/records/Invoice/16/xero-status', undefined, userToken)).json);
    expect(invoice.xero?.url).toMatch(/^https:\/\/go\.xero\.com\/AccountsReceivable\/View\.aspx\?InvoiceID=[0-9a-f-]{36}$/);
    const message = [translate('ja_jp', 'sync.conflict.held', { record: 'Widget A', fields: '製品名, 単価' }), translate('ja_jp', 'sync.conflict.values', { field: '製品名', vtiger: 'Widget A (CRM)', xero: 'Widget A: "Xero"' }), translate('ja_jp', 'sync.conflict.values', { field: '単価', vtiger: '10.00', xero: '12.50' })].join(' ');
    const [log] = await writeXTLogEntries(b.db.knex, [{ module: 'Products', relatedTo: 10, direction: 'Vtiger to Xero', action: 'Update', status: 'Conflict', message, runId: 'run-c', trigger: 'Instant', startedAt: new Date(), ownerId: 1 }]);
    await b.db.knex('vtiger_productcf').where({ productid: 10 }).update({ xt_sync_status: 'Conflict' });
    const held = recordXeroStatusSchema.parse((await api('GET', '/api/records/Products/10/xero-status', undefined, userToken)).json);
    expect(held.conflict).toEqual({
      logId: log?.crmid,
      at: expect.any(String) as string,
      message,
      fields: [
        { field: '製品名', label: '製品名', vtigerValue: 'Widget A (CRM)', xeroValue: 'Widget A: "Xero"' },
        { field: '単価', label: '単価', vtigerValue: '10.00', xeroValue: '12.50' },
      ],
    });
    expect(held.recentLog[0]).toMatchObject({ logId: log?.crmid, status: 'Conflict', runId: 'run-c' });
  });
});
