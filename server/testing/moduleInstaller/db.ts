import type { Knex } from 'knex';

/**
 * The few database primitives vtlib builds on (PearDatabase / Vtiger_Utils), on one pinned connection.
 * Vtiger runs the install without a transaction and its DDL commits implicitly anyway; the installer still runs
 * on one transaction's connection because LAST_INSERT_ID() (the id allocator) is per connection.
 */
export type Db = Knex.Transaction;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Table and column names come from manifests: only plain identifiers are allowed into SQL. */
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

export async function rows<T>(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  const [result] = (await db.raw(sql, bindings as Knex.RawBinding[])) as [T[]];
  return result;
}

export async function first<T>(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(db, sql, bindings))[0];
}

export async function exec(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<void> {
  await db.raw(sql, bindings as Knex.RawBinding[]);
}

/** Vtiger_Utils::CheckTable. */
export async function tableExists(db: Db, table: string): Promise<boolean> {
  const row = await first(db, 'SELECT 1 AS x FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [table]);
  return row !== undefined;
}

export async function columnExists(db: Db, table: string, column: string): Promise<boolean> {
  const row = await first(db, 'SELECT 1 AS x FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?', [table, column]);
  return row !== undefined;
}

/** Vtiger_Utils::AddColumn: ALTER TABLE … ADD COLUMN only when the column is missing. */
export async function addColumn(db: Db, table: string, column: string, columnType: string): Promise<boolean> {
  if (await columnExists(db, table, column)) return false;
  if (!/^[A-Za-z]+(\(\d+(,\d+)?\))?( (NOT NULL|DEFAULT (NULL|'[^'\\]*'|-?\d+(\.\d+)?)))*$/i.test(columnType)) {
    throw new Error(`unsupported column type for ${table}.${column}: ${columnType}`);
  }
  await exec(db, `ALTER TABLE ${ident(table)} ADD COLUMN ${ident(column)} ${columnType}`);
  return true;
}

/**
 * PearDatabase::getUniqueID($name): ADOdb's GenID on the single-row table `<name>_seq` (id = last used id),
 * creating it at 0 when missing, then `UPDATE … SET id = LAST_INSERT_ID(id + 1)`.
 */
export async function nextId(db: Db, name: string): Promise<number> {
  const seq = `${name}_seq`;
  if (!(await tableExists(db, seq))) {
    await exec(db, `CREATE TABLE IF NOT EXISTS ${ident(seq)} (\`id\` int(11) NOT NULL)`);
    await exec(db, `INSERT INTO ${ident(seq)} (id) VALUES (0)`);
  }
  await exec(db, `UPDATE ${ident(seq)} SET id = LAST_INSERT_ID(id + 1)`);
  const row = await first<{ id: number | string }>(db, 'SELECT LAST_INSERT_ID() AS id');
  return Number(row?.id);
}

/** MAX(column) of the rows matching `where` (vtlib's "next sequence" helpers add 1 to it; NULL counts as 0). */
export async function maxOf(db: Db, table: string, column: string, where: string, bindings: readonly unknown[]): Promise<number> {
  const row = await first<{ m: number | string | null }>(db, `SELECT MAX(${ident(column)}) AS m FROM ${ident(table)} WHERE ${where}`, bindings);
  return row?.m === null || row?.m === undefined ? 0 : Number(row.m);
}

export async function profileIds(db: Db): Promise<number[]> {
  return (await rows<{ profileid: number }>(db, 'SELECT profileid FROM vtiger_profile')).map((r) => r.profileid);
}
