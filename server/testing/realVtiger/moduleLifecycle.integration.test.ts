import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installXTigerModules, uninstallXTigerModules } from '../moduleInstaller/installXTigerModules.js';
import { createSampleDatabase, type SampleDatabase } from '../sampleDatabase.js';
import { provideLanguagePackFiles } from '../../../widget/test/realVtiger/xtigerStack.js';
import { SYNCED_MODULES, XERO_FIELDS, XERO_INVOICE_TYPE_FIELD, XTIGER_RELATED_LISTS, xeroBlockFields } from '../../vtiger/xeroInformationBlock.js';
import { diffFingerprints, fingerprintDatabase, type DatabaseFingerprint } from '../moduleInstaller/dbFingerprint.js';
import { compareDatabases, formatDiffs } from './dbCompare.js';
import { startRealVtiger, type RealVtiger, type VtigerSession } from './index.js';
import { buildZips, importWithModuleManager, importWithVtlib, setModuleStatus, uninstallWithVtlib, updateWithVtlib, type Zips } from './moduleLifecycle.js';

/**
 * Issue 9 item 2: XTiger's four modules through their whole life on the real Vtiger 8.2.0 — import, disable,
 * enable, update, uninstall, reinstall — each through Vtiger's own code path, with no PHP error, the database
 * compared table by table with the test installer's, and Contacts' detail page checked at each step.
 * Issue 11: the update renames XTiger 1.0.0's 'Invoice' of "Xero Invoice Type" (shown as Vtiger's "Invoices") to
 * 'Sales Invoice' in place, and each type shows its own label in English and Japanese.
 */
const MODULES = ['XTLog', 'XTQueue', 'XeroAccounts', 'XTiger'] as const;
/** Activity, not install state: logins and sessions of the admin's HTTP session. */
const ACTIVITY = new Set(['vtiger_loginhistory', 'vtiger_ws_userauthtoken', 'vtiger_audit_trial']);
/** Rows with a random secret and the install time: compared apart (same rows, other values). */
const INSTALL_STAMPED = new Set(['xtiger_bridge', 'xtiger_install_marks']);
const excluded = (t: string) => ACTIVITY.has(t) || INSTALL_STAMPED.has(t);
/**
 * Disable removes XTiger's links, tabs and Settings entry and enable adds them again, with new ids; vtlib's
 * update deletes and re-imports each manifest filter, with new ids. Their rows are compared without the ids, and
 * the id counters (`*_seq`) are left out after those steps.
 */
const REISSUED_IDS = { vtiger_links: ['linkid'], vtiger_relatedlists: ['relation_id'], vtiger_settings_field: ['fieldid'] };
const REISSUED_FILTER_IDS = { vtiger_customview: ['cvid'], vtiger_cvcolumnlist: ['cvid'], vtiger_cvadvfilter: ['cvid'], vtiger_cvadvfilter_grouping: ['cvid'], vtiger_cvstdfilter: ['cvid'] };
const REISSUED_SEQS = new Set(['vtiger_links_seq', 'vtiger_relatedlists_seq', 'vtiger_settings_field_seq', 'vtiger_customview_seq']);
/** The update's zips carry this version in every manifest: newer than any module's own. */
const UPDATE_VERSION = '9.0.0';

// Each step runs Vtiger's PHP (imports ~0.5 s each on an idle machine); on a busy 2-core CI box they take far longer.
describe('XTiger modules on the real Vtiger 8.2.0', { timeout: 180_000 }, () => {
  let vtiger: RealVtiger;
  let installer: SampleDatabase;
  let admin: VtigerSession;
  let zips: Zips;
  let zipsV2: Zips;
  let dir: string;
  let before: DatabaseFingerprint;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'xtiger-lifecycle-'));
    [vtiger, installer, zips] = await Promise.all([
      startRealVtiger(),
      createSampleDatabase({ foreignKeys: true }),
      buildZips(path.join(dir, 'v1')),
    ]);
    zipsV2 = await buildZips(path.join(dir, 'v2'), UPDATE_VERSION);
    // A site with Japanese users has a language pack: XTiger's hook adds its Japanese overlay to the pack's files.
    await provideLanguagePackFiles(vtiger);
    before = await fingerprintDatabase(vtiger.database.knex);
    admin = await vtiger.login();
  });
  afterAll(async () => {
    await vtiger?.stop();
    await installer?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Contact 5's detail page, and its full detail blocks (what "Details" loads; the page opens on the summary). */
  async function contactPage(): Promise<{ page: string; blocks: string }> {
    const page = await admin.get({ module: 'Contacts', view: 'Detail', record: 5 });
    const blocks = await admin.get({ module: 'Contacts', view: 'Detail', record: 5, mode: 'showDetailViewByMode', requestMode: 'full' });
    expect([page.status, blocks.status]).toEqual([200, 200]);
    expect(page.body.includes('Smith') && blocks.body.includes('Smith'), 'Contact 5 shown').toBe(true);
    return { page: page.body, blocks: blocks.body };
  }
  /** XTLog/XTQueue tabs on the synced modules (XTiger's hook adds them). */
  async function xtigerTabs(): Promise<number> {
    const knex = vtiger.database.knex;
    const related = await knex('vtiger_tab').whereIn('name', XTIGER_RELATED_LISTS.map((r) => r.module)).pluck('tabid');
    const hosts = await knex('vtiger_tab').whereIn('name', SYNCED_MODULES).pluck('tabid');
    const [row] = (await knex('vtiger_relatedlists').whereIn('related_tabid', related).whereIn('tabid', hosts).where('presence', 0).count({ n: '*' })) as Array<{ n: number }>;
    return Number(row?.n);
  }
  /** A Xero id on Contact 5, written on both sides: a disable must keep it. */
  const XERO_ID = { table: 'vtiger_contactscf', column: XERO_FIELDS.xeroId.column, value: 'b7d1e3f0-0000-4000-8000-000000000005' };
  const xeroIdOfContact5 = async () => (await vtiger.database.knex(XERO_ID.table).where({ contactid: 5 }).pluck(XERO_ID.column))[0] as unknown;
  /** The text of one field in an Invoice's full detail blocks, as the user sees it (tags and spacing taken out). */
  async function invoiceFieldText(session: VtigerSession, invoiceId: number, field: string): Promise<string> {
    const res = await session.get({ module: 'Invoice', view: 'Detail', record: invoiceId, mode: 'showDetailViewByMode', requestMode: 'full' });
    expect(res.status).toBe(200);
    const cell = new RegExp(`id="Invoice_detailView_fieldValue_${field}"[^>]*>([\\s\\S]*?)</td>`).exec(res.body)?.[1];
    expect(cell, `${field} shown on invoice ${invoiceId}`).toBeDefined();
    return (cell ?? '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  }
  /** The rows of the "Xero Invoice Type" picklist, in their order. */
  const INVOICE_TYPE = XERO_INVOICE_TYPE_FIELD.fieldname;
  const invoiceTypeValues = () => vtiger.database.knex(`vtiger_${INVOICE_TYPE}`).orderBy('sortorderid').select(`${INVOICE_TYPE}id as id`, `${INVOICE_TYPE} as value`, 'sortorderid');
  /** The first two invoices of the sample data. */
  const sampleInvoices = async () => (await vtiger.database.knex('vtiger_invoice as i').join('vtiger_crmentity as e', 'e.crmid', 'i.invoiceid').where('e.deleted', 0).orderBy('i.invoiceid').limit(2).pluck('i.invoiceid')) as number[];
  const WIDGET = 'layouts/v7/modules/XTiger/resources/xtiger.js';
  const BLOCK = 'Xero Information';

  async function expectSameAsInstaller(step: string, reissued: Record<string, readonly string[]> = {}): Promise<void> {
    const reissuedSeqs = (t: string) => Object.keys(reissued).length > 0 && REISSUED_SEQS.has(t);
    const result = await compareDatabases(vtiger.database.knex, installer.knex, { exclude: (t) => excluded(t) || reissuedSeqs(t), ignoreColumns: reissued });
    console.log(`${step}: ${result.equal} of ${result.compared} tables equal\n${formatDiffs(result.diffs)}`);
    expect(formatDiffs(result.diffs), step).toBe('');
  }

  it('imports the four zips with Vtiger’s own package import (XTiger through Module Manager’s upload)', async () => {
    await importWithVtlib(vtiger, [zips.XTLog, zips.XTQueue, zips.XeroAccounts]);
    await importWithModuleManager(admin, zips.XTiger, 'import');
    await vtiger.assertNoPhpErrors();
    await installXTigerModules(installer.knex);
    await expectSameAsInstaller('install');
    for (const p of ['modules/XTiger/XTiger.php', 'languages/ja_jp/XTLog.php', 'languages/en_us/Settings/XTiger.php', 'layouts/v7/modules/Settings/XTiger/Settings.tpl']) {
      expect(await stat(path.join(vtiger.root, p)).then(() => p, () => undefined), p).toBe(p);
    }
    const { page, blocks } = await contactPage();
    expect(page.includes(WIDGET), 'widget script on the page').toBe(true);
    expect(blocks.includes(BLOCK), 'Xero block shown').toBe(true);
    expect(await xtigerTabs()).toBe(XTIGER_RELATED_LISTS.length * SYNCED_MODULES.length);
    for (const knex of [vtiger.database.knex, installer.knex]) await knex(XERO_ID.table).where({ contactid: 5 }).update({ [XERO_ID.column]: XERO_ID.value });
    await vtiger.assertNoPhpErrors();
  });

  it('disables each module in Module Manager: XTiger’s links, widget, tabs and Xero fields hidden, data kept', async () => {
    for (const m of [...MODULES].reverse()) await setModuleStatus(admin, m, false);
    await vtiger.assertNoPhpErrors();
    const knex = vtiger.database.knex;
    expect(await knex('vtiger_tab').whereIn('name', MODULES).pluck('presence')).toEqual([1, 1, 1, 1]);
    expect(await knex('vtiger_links').where('linkurl', 'like', '%XTiger%').count({ n: '*' })).toEqual([{ n: 0 }]);
    const xeroFields = SYNCED_MODULES.flatMap((m) => xeroBlockFields(m).map((f) => f.fieldname));
    const fields = (await knex('vtiger_field').whereIn('fieldname', xeroFields).pluck('presence')) as number[];
    expect(fields.length).toBe(xeroFields.length);
    expect(new Set(fields)).toEqual(new Set([1]));
    expect(await xtigerTabs()).toBe(0);
    expect(await xeroIdOfContact5()).toBe(XERO_ID.value);
    expect(await knex.schema.hasTable('xtiger_bridge')).toBe(true);
    expect(await knex.schema.hasTable('vtiger_xtlog')).toBe(true);
    const { page, blocks } = await contactPage();
    expect(page.includes(WIDGET), 'widget script on the page').toBe(false);
    expect(blocks.includes(BLOCK), 'Xero block shown').toBe(false);
    await vtiger.assertNoPhpErrors();
  });

  it('enables each module again: everything back as installed', async () => {
    for (const m of MODULES) await setModuleStatus(admin, m, true);
    await vtiger.assertNoPhpErrors();
    // The test installer's database is still in the installed state.
    await expectSameAsInstaller('enable', REISSUED_IDS);
    expect(await xtigerTabs()).toBe(XTIGER_RELATED_LISTS.length * SYNCED_MODULES.length);
    expect(await xeroIdOfContact5()).toBe(XERO_ID.value);
    const { page, blocks } = await contactPage();
    expect(page.includes(WIDGET), 'widget script on the page').toBe(true);
    expect(blocks.includes(BLOCK), 'Xero block shown').toBe(true);
    await vtiger.assertNoPhpErrors();
  });

  it('updates each module from a zip with a bumped manifest version (XTiger through Module Manager’s update)', async () => {
    // What XTiger 1.0.0 left: the same rows, but the sales invoice named 'Invoice' (shown by Vtiger as "Invoices") —
    // its picklist value (same id and order), the field's default, and the invoices that hold it.
    const knex = vtiger.database.knex;
    const type = INVOICE_TYPE;
    const asInstalled = await invoiceTypeValues();
    await knex(`vtiger_${type}`).where(type, 'Sales Invoice').update({ [type]: 'Invoice' });
    await knex('vtiger_field').where({ fieldname: type }).update({ defaultvalue: 'Invoice' });
    const [oldInvoice = 0, bill = 0] = await sampleInvoices();
    await knex('vtiger_invoicecf').where({ invoiceid: oldInvoice }).update({ [type]: 'Invoice' });
    await knex('vtiger_invoicecf').where({ invoiceid: bill }).update({ [type]: 'Bill' });
    // What the test installer's database must then equal: 1.0.1's rows, the invoices renamed.
    await installer.knex('vtiger_invoicecf').where({ invoiceid: oldInvoice }).update({ [type]: 'Sales Invoice' });
    await installer.knex('vtiger_invoicecf').where({ invoiceid: bill }).update({ [type]: 'Bill' });
    expect(await invoiceFieldText(admin, oldInvoice, type)).toBe('Invoices'); // the issue itself

    await updateWithVtlib(vtiger, [
      { name: 'XTLog', zip: zipsV2.XTLog },
      { name: 'XTQueue', zip: zipsV2.XTQueue },
      { name: 'XeroAccounts', zip: zipsV2.XeroAccounts },
    ]);
    await importWithModuleManager(admin, zipsV2.XTiger, 'update');
    await vtiger.assertNoPhpErrors();
    expect(await knex('vtiger_tab').whereIn('name', MODULES).pluck('version')).toEqual(MODULES.map(() => UPDATE_VERSION));
    // Renamed in place: same ids and order, no value added; the invoices and the default follow.
    expect(await invoiceTypeValues()).toEqual(asInstalled);
    expect(await knex('vtiger_invoicecf').whereIn('invoiceid', [oldInvoice, bill]).orderBy('invoiceid').pluck(type)).toEqual(['Sales Invoice', 'Bill']);
    expect(await knex('vtiger_field').where({ fieldname: type }).pluck('defaultvalue')).toEqual(['Sales Invoice']);
    await installer.knex('vtiger_tab').whereIn('name', MODULES).update({ version: UPDATE_VERSION });
    await expectSameAsInstaller('update', { ...REISSUED_IDS, ...REISSUED_FILTER_IDS });
    expect(await invoiceFieldText(admin, oldInvoice, type)).toBe('Sales Invoice');
    await contactPage();
    await vtiger.assertNoPhpErrors();
  });

  it('uninstalls: every row, table, field, block, link, related list, language file and folder gone', async () => {
    await uninstallWithVtlib(vtiger, ['XTiger', 'XeroAccounts', 'XTQueue', 'XTLog']);
    await vtiger.assertNoPhpErrors();
    await uninstallXTigerModules(installer.knex);
    await expectSameAsInstaller('uninstall', { ...REISSUED_IDS, ...REISSUED_FILTER_IDS });
    // Vtiger's own data untouched, nothing of ours left: the database as before the install, but for the id
    // counters (ids are never handed out twice) and the admin's logins.
    const after = await fingerprintDatabase(vtiger.database.knex, { exclude: (t) => t.endsWith('_seq') || ACTIVITY.has(t) });
    const pristine = new Map([...before].filter(([t]) => !t.endsWith('_seq') && !ACTIVITY.has(t)));
    expect(diffFingerprints(pristine, after)).toEqual([]);
    for (const m of MODULES) {
      const places = [`modules/${m}`, `modules/Settings/${m}`, `layouts/v7/modules/${m}`, `layouts/v7/modules/Settings/${m}`];
      for (const lang of ['en_us', 'ja_jp']) places.push(`languages/${lang}/${m}.php`, `languages/${lang}/Settings/${m}.php`);
      for (const p of places) {
        expect(await stat(path.join(vtiger.root, p)).then(() => p, () => undefined), p).toBeUndefined();
      }
    }
    const { page, blocks } = await contactPage();
    expect(page.includes(WIDGET), 'widget script on the page').toBe(false);
    expect(blocks.includes(BLOCK), 'Xero block shown').toBe(false);
    await vtiger.assertNoPhpErrors();
  });

  it('reinstalls', async () => {
    await importWithVtlib(vtiger, [zips.XTLog, zips.XTQueue, zips.XeroAccounts, zips.XTiger]);
    await vtiger.assertNoPhpErrors();
    await installXTigerModules(installer.knex);
    await expectSameAsInstaller('reinstall', { ...REISSUED_IDS, ...REISSUED_FILTER_IDS });
    expect((await contactPage()).blocks.includes(BLOCK), 'Xero block shown').toBe(true);
    await vtiger.assertNoPhpErrors();
  });

  // Last: the Japanese user's rows would differ from the test installer's database.
  it('shows each Xero Invoice Type on the invoice by its own label, in English and for a Japanese user in Japanese', async () => {
    const type = INVOICE_TYPE;
    const [invoiceId = 0] = await sampleInvoices();
    const japanese = await vtiger.createUser({ userName: 'hanako', isAdmin: true, language: 'ja_jp' });
    const hanako = await vtiger.login(japanese.userName, japanese.password);
    const shown: Array<[string, string, string]> = [];
    for (const value of XERO_INVOICE_TYPE_FIELD.picklistValues) {
      await vtiger.database.knex('vtiger_invoicecf').where({ invoiceid: invoiceId }).update({ [type]: value });
      shown.push([value, await invoiceFieldText(admin, invoiceId, type), await invoiceFieldText(hanako, invoiceId, type)]);
    }
    expect(shown).toEqual([
      ['Sales Invoice', 'Sales Invoice', '売上請求書'],
      ['Bill', 'Bill', '仕入請求書'],
      ['Receipt', 'Receipt', '入金'],
    ]);
    await vtiger.assertNoPhpErrors();
  });

  it("an update where an admin had added 'Sales Invoice' by hand next to 1.0.0's 'Invoice': 'Invoice' goes, its invoices and the default move", async () => {
    const knex = vtiger.database.knex;
    const type = INVOICE_TYPE;
    const current = await invoiceTypeValues();
    const last = current[current.length - 1] as { id: number; sortorderid: number };
    await knex(`vtiger_${type}`).insert({ [`${type}id`]: last.id + 1, [type]: 'Invoice', sortorderid: last.sortorderid + 1, presence: 1 });
    await knex('vtiger_field').where({ fieldname: type }).update({ defaultvalue: 'Invoice' });
    const [invoiceId = 0] = await sampleInvoices();
    await knex('vtiger_invoicecf').where({ invoiceid: invoiceId }).update({ [type]: 'Invoice' });
    // What Vtiger_Package::update fires after the update's files are in place, from php-cli (no web request loaded).
    expect(await vtiger.runPhp("require_once 'modules/XTiger/XTiger.php'; (new XTiger())->vtlib_handler('XTiger', 'module.postupdate'); echo 'updated';")).toContain('updated');
    await vtiger.assertNoPhpErrors();
    expect(await invoiceTypeValues()).toEqual(current);
    expect(await knex('vtiger_invoicecf').where({ invoiceid: invoiceId }).pluck(type)).toEqual(['Sales Invoice']);
    expect(await knex('vtiger_field').where({ fieldname: type }).pluck('defaultvalue')).toEqual(['Sales Invoice']);
  });
});
