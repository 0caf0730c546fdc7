import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_MODULES, XERO_INVOICE_TYPES, XERO_SYNC_STATUSES } from '../../vtiger/xeroInformationBlock.js';
import { createSampleDatabase, type SampleDatabase } from '../sampleDatabase.js';
import { diffFingerprints, fingerprintDatabase, type DatabaseFingerprint } from './dbFingerprint.js';
import { installXTigerModules, uninstallXTigerModules, type InstallReport } from './installXTigerModules.js';

let db: SampleDatabase;
let fresh: DatabaseFingerprint;
let report: InstallReport;

async function all<T>(knex: Knex, sql: string, bindings: Knex.RawBinding[] = []): Promise<T[]> {
  const [r] = (await knex.raw(sql, bindings)) as [T[]];
  return r;
}
const notSeq = { exclude: (t: string) => t.endsWith('_seq') };

beforeAll(async () => {
  db = await createSampleDatabase();
  fresh = await fingerprintDatabase(db.knex, notSeq);
  report = await installXTigerModules(db.knex);
});
afterAll(async () => {
  await db?.drop();
});

describe('installXTigerModules', () => {
  it('installs the four modules, entity modules first', async () => {
    expect(report.installed).toEqual(['XTLog', 'XTQueue', 'XeroAccounts', 'XTiger']);
    const tabs = await all<{ name: string; isentitytype: number; parent: string }>(db.knex, "SELECT name, isentitytype, parent FROM vtiger_tab WHERE name IN ('XTiger','XTLog','XTQueue','XeroAccounts') ORDER BY tabid");
    expect(tabs).toEqual([
      { name: 'XTLog', isentitytype: 1, parent: 'Tools' }, { name: 'XTQueue', isentitytype: 1, parent: 'Tools' },
      { name: 'XeroAccounts', isentitytype: 1, parent: 'Tools' }, { name: 'XTiger', isentitytype: 0, parent: '' },
    ]);
    const ws = await all<{ name: string }>(db.knex, "SELECT name FROM vtiger_ws_entity WHERE name IN ('XTiger','XTLog','XTQueue','XeroAccounts') ORDER BY id");
    expect(ws.map((w) => w.name)).toEqual(['XTLog', 'XTQueue', 'XeroAccounts']);
    const numbering = await all<{ semodule: string; prefix: string; cur_id: string }>(db.knex, "SELECT semodule, prefix, cur_id FROM vtiger_modentity_num WHERE semodule IN ('XTLog','XTQueue','XeroAccounts') ORDER BY num_id");
    expect(numbering).toEqual([{ semodule: 'XTLog', prefix: 'XTL', cur_id: '1' }, { semodule: 'XTQueue', prefix: 'XTQ', cur_id: '1' }, { semodule: 'XeroAccounts', prefix: 'XA', cur_id: '1' }]);
  });

  it('gives the entity modules their fields (with source, starred, tags), picklists, relation fields and filters', async () => {
    const fields = await all<{ fieldname: string; uitype: string; displaytype: number }>(db.knex, "SELECT f.fieldname, f.uitype, f.displaytype FROM vtiger_field f JOIN vtiger_tab t ON t.tabid = f.tabid WHERE t.name = 'XTLog' ORDER BY f.sequence");
    expect(fields.map((f) => f.fieldname)).toEqual([
      'xtl_no', 'xtl_module', 'xtl_related_to', 'xtl_xero_id', 'xtl_direction', 'xtl_action', 'xtl_status', 'xtl_message', 'xtl_run_id', 'xtl_trigger',
      'xtl_email_status', 'xtl_started_at', 'xtl_finished_at', 'assigned_user_id', 'createdtime', 'modifiedtime', 'source', 'starred', 'tags',
    ]);
    const statuses = await all<{ xtl_status: string }>(db.knex, 'SELECT xtl_status FROM vtiger_xtl_status ORDER BY sortorderid');
    expect(statuses.map((s) => s.xtl_status)).toEqual(['Success', 'Failed', 'Skipped', 'Conflict']);
    const rel = await all<{ relmodule: string }>(db.knex, "SELECT r.relmodule FROM vtiger_fieldmodulerel r JOIN vtiger_field f ON f.fieldid = r.fieldid WHERE f.fieldname = 'xtq_related_to'");
    expect(rel.map((r) => r.relmodule)).toEqual([...SYNCED_MODULES]);
    const views = await all<{ entitytype: string; viewname: string; status: number; conditions: number; groups: number }>(
      db.knex,
      `SELECT c.entitytype, c.viewname, c.status, (SELECT COUNT(*) FROM vtiger_cvadvfilter a WHERE a.cvid = c.cvid) AS conditions,
        (SELECT COUNT(*) FROM vtiger_cvadvfilter_grouping g WHERE g.cvid = c.cvid) AS groups
       FROM vtiger_customview c WHERE c.entitytype IN ('XTLog','XTQueue','XeroAccounts') ORDER BY c.cvid`,
    );
    expect(views).toEqual([
      { entitytype: 'XTLog', viewname: 'All', status: 0, conditions: 0, groups: 0 }, { entitytype: 'XTLog', viewname: 'Failed', status: 3, conditions: 1, groups: 1 },
      { entitytype: 'XTQueue', viewname: 'All', status: 0, conditions: 0, groups: 0 }, { entitytype: 'XTQueue', viewname: 'Waiting', status: 3, conditions: 1, groups: 1 },
      { entitytype: 'XTQueue', viewname: 'Failed', status: 3, conditions: 1, groups: 1 }, { entitytype: 'XeroAccounts', viewname: 'All', status: 0, conditions: 0, groups: 0 },
    ]);
    const failed = await all<{ columnname: string; comparator: string; value: string }>(db.knex, "SELECT a.columnname, a.comparator, a.value FROM vtiger_cvadvfilter a JOIN vtiger_customview c ON c.cvid = a.cvid WHERE c.entitytype = 'XTLog'");
    expect(failed).toEqual([{ columnname: 'vtiger_xtlog:xtl_status:xtl_status:XTLog_Status:V', comparator: 'e', value: 'Failed' }]);
  });

  it('adds the Xero Information block and fields to the five synced modules, with their cf columns and picklists', async () => {
    for (const module of SYNCED_MODULES) {
      const fields = await all<{ fieldname: string; tablename: string; displaytype: number; sequence: number }>(
        db.knex,
        "SELECT f.fieldname, f.tablename, f.displaytype, f.sequence FROM vtiger_field f JOIN vtiger_blocks b ON b.blockid = f.block JOIN vtiger_tab t ON t.tabid = f.tabid WHERE t.name = ? AND b.blocklabel = 'LBL_XERO_INFORMATION' ORDER BY f.sequence",
        [module],
      );
      const expected = ['cf_xt_allow_sync', 'cf_xt_xero_id', 'xt_sync_status', 'cf_xt_last_sync', ...(module === 'Invoice' ? ['xt_invoice_type'] : [])];
      expect(fields.map((f) => f.fieldname)).toEqual(expected);
      expect(fields.map((f) => f.sequence)).toEqual(expected.map((_, i) => i + 1));
      const cf = fields[0]?.tablename ?? '';
      const cols = await all<{ column_name: string; column_type: string }>(db.knex, "SELECT column_name, column_type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name LIKE 'xt\\_%' ORDER BY ordinal_position", [cf]);
      expect(cols.map((c) => c.column_name)).toEqual(['xt_allow_sync', 'xt_xero_id', 'xt_sync_status', 'xt_last_sync', ...(module === 'Invoice' ? ['xt_invoice_type'] : [])]);
      expect(cols.find((c) => c.column_name === 'xt_last_sync')?.column_type).toBe('datetime');
    }
    expect((await all<{ v: string }>(db.knex, 'SELECT xt_sync_status AS v FROM vtiger_xt_sync_status ORDER BY sortorderid')).map((r) => r.v)).toEqual([...XERO_SYNC_STATUSES]);
    expect((await all<{ v: string }>(db.knex, 'SELECT xt_invoice_type AS v FROM vtiger_xt_invoice_type ORDER BY sortorderid')).map((r) => r.v)).toEqual([...XERO_INVOICE_TYPES]);
  });

  it('adds the links, the XTLog / XTQueue related lists, the Settings entry and the bridge table', async () => {
    const links = await all<{ tabid: number; linktype: string; linklabel: string }>(db.knex, "SELECT tabid, linktype, linklabel FROM vtiger_links WHERE linklabel IN ('XTigerHeaderScript','Sync to Xero','Sync with Xero') ORDER BY linkid");
    expect(links.filter((l) => l.linktype === 'HEADERSCRIPT')).toEqual([{ tabid: 0, linktype: 'HEADERSCRIPT', linklabel: 'XTigerHeaderScript' }]);
    expect(links.filter((l) => l.linktype === 'LISTVIEWMASSACTION')).toHaveLength(5);
    expect(links.filter((l) => l.linktype === 'DETAILVIEWBASIC')).toHaveLength(5);
    const lists = await all<{ host: string; related: string; name: string; relationtype: string; field: string }>(
      db.knex,
      `SELECT h.name AS host, r.name AS related, l.name, l.relationtype, f.fieldname AS field FROM vtiger_relatedlists l
        JOIN vtiger_tab h ON h.tabid = l.tabid JOIN vtiger_tab r ON r.tabid = l.related_tabid JOIN vtiger_field f ON f.fieldid = l.relationfieldid
        WHERE r.name IN ('XTLog','XTQueue') ORDER BY l.relation_id`,
    );
    expect(lists).toHaveLength(10);
    expect(lists[0]).toEqual({ host: 'Contacts', related: 'XTLog', name: 'get_dependents_list', relationtype: '1:N', field: 'xtl_related_to' });
    expect(await all(db.knex, "SELECT name FROM vtiger_settings_field WHERE name = 'XTiger'")).toHaveLength(1);
    expect(await all(db.knex, 'SELECT id FROM xtiger_bridge')).toHaveLength(1);
  });

  it('adds "Partially Paid" to Invoice\'s status picklist as Vtiger\'s picklist API does: next ids, last in order, every role', async () => {
    const [value] = await all<{ invoicestatusid: number; presence: number; picklist_valueid: number; sortorderid: number }>(db.knex, "SELECT * FROM vtiger_invoicestatus WHERE invoicestatus = 'Partially Paid'");
    const [maxOthers] = await all<{ id: number; sort: number }>(db.knex, "SELECT MAX(invoicestatusid) AS id, MAX(sortorderid) AS sort FROM vtiger_invoicestatus WHERE invoicestatus <> 'Partially Paid'");
    const [seq] = await all<{ id: number }>(db.knex, 'SELECT id FROM vtiger_picklistvalues_seq');
    expect(value).toMatchObject({ invoicestatusid: Number(maxOthers?.id) + 1, presence: 1, picklist_valueid: seq?.id, sortorderid: Number(maxOthers?.sort) + 1 });
    const roles = await all<{ roleid: string; picklistid: number; sortid: number }>(db.knex, 'SELECT roleid, picklistid, sortid FROM vtiger_role2picklist WHERE picklistvalueid = ? ORDER BY roleid', [value?.picklist_valueid ?? 0]);
    const allRoles = await all<{ roleid: string }>(db.knex, 'SELECT roleid FROM vtiger_role ORDER BY roleid');
    const [picklist] = await all<{ picklistid: number }>(db.knex, "SELECT picklistid FROM vtiger_picklist WHERE name = 'invoicestatus'");
    expect(roles).toEqual(allRoles.map((r) => ({ roleid: r.roleid, picklistid: picklist?.picklistid, sortid: value?.sortorderid })));
  });

  it('changes nothing when run again', async () => {
    const before = await fingerprintDatabase(db.knex);
    const again = await installXTigerModules(db.knex);
    expect(again.installed).toEqual([]);
    expect(again.alreadyInstalled).toEqual(['XTLog', 'XTQueue', 'XeroAccounts', 'XTiger']);
    expect(diffFingerprints(before, await fingerprintDatabase(db.knex))).toEqual([]);
  });

  it('uninstalls back to the fresh database (id counters aside), records included', async () => {
    await db.knex.raw("INSERT INTO vtiger_crmentity (crmid, smcreatorid, smownerid, modifiedby, setype, createdtime, modifiedtime, label) VALUES (99001, 1, 1, 1, 'XTLog', NOW(), NOW(), 'x')");
    await db.knex.raw('INSERT INTO vtiger_xtlog (xtlogid, xtl_no) VALUES (99001, ?)', ['XTL1']);
    expect(await uninstallXTigerModules(db.knex)).toEqual(['XTiger', 'XeroAccounts', 'XTQueue', 'XTLog']);
    expect(diffFingerprints(fresh, await fingerprintDatabase(db.knex, notSeq))).toEqual([]);
    expect(await all(db.knex, "SELECT 1 FROM vtiger_invoicestatus WHERE invoicestatus = 'Partially Paid'")).toHaveLength(0);
  });

  it('installs a subset, and adds XTiger\'s related lists when XTLog arrives after XTiger', async () => {
    const only = await installXTigerModules(db.knex, { only: ['XTiger'] });
    expect(only.installed).toEqual(['XTiger']);
    expect(await all(db.knex, "SELECT 1 FROM vtiger_relatedlists WHERE label = 'XTLog'")).toHaveLength(0);
    await installXTigerModules(db.knex, { only: ['XTLog'] });
    expect(await all(db.knex, "SELECT 1 FROM vtiger_relatedlists WHERE label = 'XTLog'")).toHaveLength(5);
    await uninstallXTigerModules(db.knex);
    expect(diffFingerprints(fresh, await fingerprintDatabase(db.knex, notSeq))).toEqual([]);
  });

  it('keeps "Partially Paid" on uninstall while an invoice uses it, and never removes a value it did not add', async () => {
    await installXTigerModules(db.knex);
    await db.knex('vtiger_invoice').where({ invoiceid: 15 }).update({ invoicestatus: 'Partially Paid' });
    await uninstallXTigerModules(db.knex);
    expect(await all(db.knex, "SELECT 1 FROM vtiger_invoicestatus WHERE invoicestatus = 'Partially Paid'")).toHaveLength(1);
    // Installed again, the value is there already and the mark from the first install still says XTiger added it;
    // freed, it goes with the next uninstall. A site's own value (no mark) is never touched.
    await installXTigerModules(db.knex);
    await db.knex('vtiger_invoice').where({ invoiceid: 15 }).update({ invoicestatus: 'Created' });
    await uninstallXTigerModules(db.knex);
    expect(await all(db.knex, "SELECT 1 FROM vtiger_invoicestatus WHERE invoicestatus = 'Partially Paid'")).toHaveLength(0);
    await db.knex.raw("INSERT INTO vtiger_invoicestatus (invoicestatus, presence, picklist_valueid, sortorderid) VALUES ('Partially Paid', 1, 0, 9)");
    await installXTigerModules(db.knex);
    await uninstallXTigerModules(db.knex);
    expect(await all(db.knex, "SELECT 1 FROM vtiger_invoicestatus WHERE invoicestatus = 'Partially Paid'")).toHaveLength(1);
  });
});
