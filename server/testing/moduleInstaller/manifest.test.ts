import { describe, expect, it } from 'vitest';
import {
  EMAIL_STATUSES, LOGGED_MODULES, SYNC_DIRECTIONS, SYNC_TRIGGERS, XERO_ACCOUNT_STATUSES, XERO_ACCOUNT_TYPES, XTLOG_ACTIONS, XTLOG_STATUSES, XTQUEUE_STATUSES,
} from '../../vtiger/ownModules/ownModuleValues.js';
import { SYNCED_MODULES, xeroBlockFields } from '../../vtiger/xeroInformationBlock.js';
import { GOLDEN_MANIFEST } from './golden/goldenFiles.js';
import { parseManifest, readManifestFile, readXTigerManifest, XTIGER_MODULES, type ModuleManifest } from './manifest.js';

const manifests = new Map<string, ModuleManifest>();
for (const m of XTIGER_MODULES) manifests.set(m, await readXTigerManifest(m));
const entity = ['XTLog', 'XTQueue', 'XeroAccounts'].map((m) => manifests.get(m)!);

function field(m: ModuleManifest, name: string) {
  const f = m.blocks.flatMap((b) => b.fields).find((x) => x.fieldname === name);
  if (!f) throw new Error(`${m.name} has no ${name}`);
  return f;
}

describe('the four manifests', () => {
  it('declare name, version and the Vtiger 7.0.0 – 8.* range', () => {
    for (const [name, m] of manifests) {
      expect(m.name).toBe(name);
      expect(m.vtigerVersion).toBe('7.0.0');
      expect(m.vtigerMaxVersion).toBe('8.*');
      expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(m.unsupported).toEqual([]);
    }
  });

  it('make XTiger an extension without tables, blocks or menu entry', () => {
    const x = manifests.get('XTiger')!;
    expect(x.type).toBe('extension');
    expect(x.isEntity).toBe(false);
    expect(x.tables).toEqual([]);
    expect(x.blocks).toEqual([]);
    expect(x.parents).toEqual([]);
  });

  it('give each entity module its base and cf table, a record number, an owner and an entity identifier', () => {
    for (const m of entity) {
      const base = `vtiger_${m.name.toLowerCase()}`;
      expect(m.tables.map((t) => t.name)).toEqual([base, `${base}cf`]);
      for (const t of m.tables) expect(t.sql).toMatch(new RegExp(`^CREATE TABLE \`${t.name}\``));
      const fields = m.blocks.flatMap((b) => b.fields);
      expect(fields.filter((f) => f.uitype === 4)).toHaveLength(1);
      expect(fields.filter((f) => f.entityidentifier)).toHaveLength(1);
      expect(field(m, 'assigned_user_id')).toMatchObject({ uitype: 53, columnname: 'smownerid', tablename: 'vtiger_crmentity', typeofdata: 'V~M' });
      for (const f of fields.filter((x) => x.tablename === base)) expect(m.tables[0]?.sql).toContain(`\`${f.columnname}\``);
      expect(m.customviews.find((v) => v.viewname === 'All')?.setdefault).toBe(true);
    }
  });

  it('name every picklist uniquely with its module prefix (uitype 16 creates the global table vtiger_<fieldname>)', () => {
    const picklists = [
      ...entity.flatMap((m) => m.blocks.flatMap((b) => b.fields).filter((f) => f.uitype === 16).map((f) => ({ module: m.name, name: f.fieldname }))),
      ...SYNCED_MODULES.flatMap((m) => xeroBlockFields(m).filter((f) => f.uitype === 16).map((f) => ({ module: 'XTiger', name: f.fieldname }))),
    ];
    const prefixes: Record<string, string> = { XTLog: 'xtl_', XTQueue: 'xtq_', XeroAccounts: 'xa_', XTiger: 'xt_' };
    for (const p of picklists) expect(p.name.startsWith(prefixes[p.module] ?? '?')).toBe(true);
    expect(new Set(picklists.filter((p) => p.module !== 'XTiger').map((p) => p.name)).size).toBe(picklists.filter((p) => p.module !== 'XTiger').length);
  });

  it('list the agreed picklist values, the ones the record writer types', () => {
    const log = manifests.get('XTLog')!;
    expect(field(log, 'xtl_module').picklistvalues).toEqual([...LOGGED_MODULES]);
    expect(field(log, 'xtl_direction').picklistvalues).toEqual([...SYNC_DIRECTIONS]);
    expect(field(log, 'xtl_action').picklistvalues).toEqual([...XTLOG_ACTIONS]);
    expect(field(log, 'xtl_status').picklistvalues).toEqual([...XTLOG_STATUSES]);
    expect(field(log, 'xtl_trigger').picklistvalues).toEqual([...SYNC_TRIGGERS]);
    expect(field(log, 'xtl_email_status').picklistvalues).toEqual([...EMAIL_STATUSES]);
    expect(field(log, 'xtl_related_to').relatedmodules).toEqual([...SYNCED_MODULES]);
    const queue = manifests.get('XTQueue')!;
    expect(field(queue, 'xtq_status').picklistvalues).toEqual([...XTQUEUE_STATUSES]);
    expect(field(queue, 'xtq_related_to').relatedmodules).toEqual([...SYNCED_MODULES]);
    const accounts = manifests.get('XeroAccounts')!;
    expect(field(accounts, 'xa_type').picklistvalues).toEqual([...XERO_ACCOUNT_TYPES]);
    expect(XERO_ACCOUNT_TYPES).toHaveLength(18);
    expect(field(accounts, 'xa_status').picklistvalues).toEqual([...XERO_ACCOUNT_STATUSES]);
    expect(field(accounts, 'xa_name').entityidentifier).toEqual({ entityidfield: 'xeroaccountsid', entityidcolumn: 'xeroaccountsid' });
  });

  it('declare the agreed filters, with conditions on the status field', () => {
    expect(manifests.get('XTLog')!.customviews.map((v) => v.viewname)).toEqual(['All', 'Failed']);
    const queueViews = manifests.get('XTQueue')!.customviews;
    expect(queueViews.map((v) => v.viewname)).toEqual(['All', 'Waiting', 'Failed']);
    expect(queueViews[1]?.fields.flatMap((f) => f.rules)).toEqual([{ columnindex: 0, comparator: 'EQUALS', value: 'Queued' }]);
  });

  it('reads the golden XTGolden manifest the same way', async () => {
    const g = await readManifestFile(GOLDEN_MANIFEST);
    expect(g.name).toBe('XTGolden');
    expect(g.blocks[0]?.fields.map((f) => f.fieldname)).toEqual(['xtg_no', 'name', 'xtg_status', 'amount', 'related_to', 'is_ok', 'assigned_user_id', 'createdtime', 'modifiedtime']);
    expect(g.blocks[0]?.fields[2]).toMatchObject({ uitype: 16, columnname: 'status', picklistvalues: ['Pending', 'Done', 'Failed'] });
  });

  it('rejects XML that is not well-formed, naming the file', () => {
    expect(() => parseManifest('<module><name>X</name>', 'broken.xml')).toThrow(/broken.xml is not well-formed/);
  });
});
