import type { Knex } from 'knex';

/**
 * Test fixture: adds a custom field to a module by SQL the way Vtiger does it (a column in the module's cf
 * table, a vtiger_field row, field sequence, per-profile visibility, and for picklists the table
 * `vtiger_<fieldname>`), so readers can be tested on fields the sample database does not have.
 * `style: 'layoutEditor'` names field and column `cf_<fieldid>` with generatedtype 2 (what an admin gets);
 * `style: 'extension'` keeps the given field name and a column without the prefix, generatedtype 1 (what
 * vtlib writes for an extension's `cf_xt_allow_sync`, see ../shared/vtiger/golden/install-diff.sql).
 */
export interface CustomFieldSpec {
  module: string;
  label: string;
  uitype: number;
  typeofdata: string;
  /** SQL column type, e.g. `varchar(255)`, `decimal(25,8)`. */
  columnType: string;
  style: 'layoutEditor' | 'extension';
  /** Required for style 'extension'. */
  fieldname?: string;
  /** Block label; created for the module when missing (LBL_CUSTOM_INFORMATION by default). */
  block?: string;
  picklistValues?: string[];
}

export interface AddedCustomField {
  fieldid: number;
  fieldname: string;
  column: string;
  table: string;
}

/** Where Vtiger's module classes put custom fields (their `customFieldTable`). */
const CUSTOM_TABLES: Readonly<Record<string, string>> = {
  Contacts: 'vtiger_contactscf',
  Accounts: 'vtiger_accountscf',
  Products: 'vtiger_productcf',
  Services: 'vtiger_servicecf',
  Invoice: 'vtiger_invoicecf',
};

async function blockId(trx: Knex.Transaction, tabid: number, label: string): Promise<number> {
  const existing = (await trx('vtiger_blocks').where({ tabid, blocklabel: label }).first('blockid')) as { blockid: number } | undefined;
  if (existing) return existing.blockid;
  const seq = (await trx('vtiger_blocks_seq').forUpdate().first('id')) as { id: number };
  const id = seq.id + 1;
  await trx('vtiger_blocks_seq').update({ id });
  const max = (await trx('vtiger_blocks').where({ tabid }).max({ s: 'sequence' }).first()) as { s: number | null };
  await trx('vtiger_blocks').insert({
    blockid: id, tabid, blocklabel: label, sequence: (max.s ?? 0) + 1, show_title: 0, visible: 0,
    create_view: 0, edit_view: 0, detail_view: 0, display_status: 1, iscustom: 0,
  });
  return id;
}

export async function addCustomField(knex: Knex, spec: CustomFieldSpec): Promise<AddedCustomField> {
  if (!/^[a-z]+(\(\d+(,\d+)?\))?$/i.test(spec.columnType)) throw new Error(`bad column type ${spec.columnType}`);
  // Vtiger's own DDL commits implicitly; the transaction keeps the sequence reads and row inserts together.
  return knex.transaction(async (trx) => {
    const tab = (await trx('vtiger_tab').where({ name: spec.module }).first('tabid')) as { tabid: number } | undefined;
    if (!tab) throw new Error(`no module ${spec.module}`);
    const table = CUSTOM_TABLES[spec.module];
    if (!table) throw new Error(`no custom table known for ${spec.module}`);
    const seq = (await trx('vtiger_field_seq').forUpdate().first('id')) as { id: number };
    const fieldid = seq.id + 1;
    await trx('vtiger_field_seq').update({ id: fieldid });
    const fieldname = spec.style === 'layoutEditor' ? `cf_${fieldid}` : (spec.fieldname ?? '');
    if (!/^[a-z_][a-z0-9_]*$/.test(fieldname)) throw new Error(`bad field name ${fieldname}`);
    const column = spec.style === 'layoutEditor' ? fieldname : fieldname.replace(/^cf_/, '');
    await trx.raw(`ALTER TABLE \`${table}\` ADD COLUMN \`${column}\` ${spec.columnType} DEFAULT NULL`);
    const block = await blockId(trx, tab.tabid, spec.block ?? 'LBL_CUSTOM_INFORMATION');
    const max = (await trx('vtiger_field').where({ block }).max({ s: 'sequence' }).first()) as { s: number | null };
    await trx('vtiger_field').insert({
      tabid: tab.tabid, fieldid, columnname: column, tablename: table, generatedtype: spec.style === 'layoutEditor' ? 2 : 1,
      uitype: String(spec.uitype), fieldname, fieldlabel: spec.label, readonly: 1, presence: 2, defaultvalue: '',
      maximumlength: 100, sequence: (max.s ?? 0) + 1, block, displaytype: 1, typeofdata: spec.typeofdata, quickcreate: 1,
      quickcreatesequence: 0, info_type: 'BAS', masseditable: 1, helpinfo: '', summaryfield: 0, headerfield: 0, isunique: 0,
    });
    await trx('vtiger_def_org_field').insert({ tabid: tab.tabid, fieldid, visible: 0, readonly: 0 });
    const profiles = (await trx('vtiger_profile').select('profileid')) as Array<{ profileid: number }>;
    if (profiles.length > 0) {
      await trx('vtiger_profile2field').insert(profiles.map((p) => ({ profileid: p.profileid, tabid: tab.tabid, fieldid, visible: 0, readonly: 0 })));
    }
    if (spec.picklistValues) {
      await trx.raw(
        `CREATE TABLE \`vtiger_${fieldname}\` (\`${fieldname}id\` int(11) NOT NULL AUTO_INCREMENT, \`${fieldname}\` varchar(200) NOT NULL,` +
          ' `sortorderid` int(11) DEFAULT NULL, `presence` int(1) NOT NULL DEFAULT 1, `color` varchar(10) DEFAULT NULL,' +
          ` PRIMARY KEY (\`${fieldname}id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
      );
      await trx(`vtiger_${fieldname}`).insert(spec.picklistValues.map((v, i) => ({ [fieldname]: v, sortorderid: i, presence: 1 })));
    }
    return { fieldid, fieldname, column, table };
  });
}
