import type { Knex } from 'knex';

/**
 * Bulk test records made by SQL in a scratch copy of the sample database: each new record is a copy of a sample
 * record (every row of it, in every table Vtiger keeps it in) with its id, record number and names changed, the
 * way Vtiger's own save would have numbered it. For tests and benchmarks only; never against a real Vtiger.
 *
 * Contacts are copies of Maria Garcia (crmid 9, no organization); products of "Cable 2m" (crmid 13).
 */
interface CloneSpec {
  module: 'Contacts' | 'Products';
  template: number;
  prefix: string;
  /** table → key column */
  tables: Record<string, string>;
  /** table → column → SQL expression over `s.seq` (1…n) and `@num` (the first record number). */
  overrides: Record<string, Record<string, string>>;
}

const CONTACTS: CloneSpec = {
  module: 'Contacts',
  template: 9,
  prefix: 'CON',
  tables: {
    vtiger_crmentity: 'crmid',
    vtiger_contactdetails: 'contactid',
    vtiger_contactaddress: 'contactaddressid',
    vtiger_contactsubdetails: 'contactsubscriptionid',
    vtiger_contactscf: 'contactid',
    vtiger_customerdetails: 'customerid',
    vtiger_crmentity_user_field: 'recordid',
  },
  overrides: {
    vtiger_crmentity: { label: "CONCAT('Gen Contact', s.seq)", description: "''" },
    vtiger_contactdetails: {
      contact_no: "CONCAT('CON', @num + s.seq - 1)",
      firstname: "'Gen'",
      lastname: "CONCAT('Contact', s.seq)",
      email: "CONCAT('gen.contact', s.seq, '@example.com')",
      mobile: "CONCAT('+1 555 ', LPAD(s.seq, 7, '0'))",
      accountid: '0',
    },
  },
};

const PRODUCTS: CloneSpec = {
  module: 'Products',
  template: 13,
  prefix: 'PRO',
  tables: {
    vtiger_crmentity: 'crmid',
    vtiger_products: 'productid',
    vtiger_productcf: 'productid',
    vtiger_productcurrencyrel: 'productid',
    vtiger_crmentity_user_field: 'recordid',
  },
  overrides: {
    vtiger_crmentity: { label: "CONCAT('Gen Product ', s.seq)", description: "''" },
    vtiger_products: {
      product_no: "CONCAT('PRO', @num + s.seq - 1)",
      productname: "CONCAT('Gen Product ', s.seq)",
      productcode: "CONCAT('GEN-', LPAD(s.seq, 5, '0'))",
      unit_price: "ROUND(1 + (s.seq MOD 997) / 7, 2)",
    },
  },
};

async function columnsOf(knex: Knex, table: string): Promise<string[]> {
  const [rows] = (await knex.raw('SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position', [table])) as [Array<{ c: string }>];
  return rows.map((r) => r.c);
}

async function clone(knex: Knex, spec: CloneSpec, count: number): Promise<number[]> {
  if (count <= 0) return [];
  return knex.transaction(async (trx) => {
    const [[seq]] = (await trx.raw('SELECT id FROM vtiger_crmentity_seq FOR UPDATE')) as [[{ id: number }]];
    const [[num]] = (await trx.raw("SELECT cur_id FROM vtiger_modentity_num WHERE semodule = ? AND active = '1' FOR UPDATE", [spec.module])) as [[{ cur_id: string }]];
    const base = Number(seq.id);
    await trx.raw('SET @num = ?', [Number(num.cur_id)]);
    for (const [table, key] of Object.entries(spec.tables)) {
      const columns = await columnsOf(trx, table);
      const exprs = columns.map((c) => (c === key ? `${base} + s.seq` : (spec.overrides[table]?.[c] ?? `t.\`${c}\``)));
      await trx.raw(
        `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) SELECT ${exprs.join(', ')} FROM \`${table}\` t JOIN seq_1_to_${count} s WHERE t.\`${key}\` = ?`,
        [spec.template],
      );
    }
    await trx.raw('UPDATE vtiger_crmentity_seq SET id = ?', [base + count]);
    await trx.raw("UPDATE vtiger_modentity_num SET cur_id = ? WHERE semodule = ? AND active = '1'", [String(Number(num.cur_id) + count), spec.module]);
    return Array.from({ length: count }, (_, i) => base + 1 + i);
  });
}

/** `count` Contacts without an organization (Gen Contact1…), each its own Xero contact when synced. */
export function generateContacts(knex: Knex, count: number): Promise<number[]> {
  return clone(knex, CONTACTS, count);
}

/** `count` Products with Part Numbers GEN-00001… */
export function generateProducts(knex: Knex, count: number): Promise<number[]> {
  return clone(knex, PRODUCTS, count);
}
