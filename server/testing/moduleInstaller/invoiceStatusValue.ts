import { exec, first, nextId, tableExists, type Db } from './db.js';

/**
 * XTiger's install step for "Partially Paid" in Invoice's status picklist (PHP:
 * vtiger-module/XTiger/modules/XTiger/install/InvoiceStatusValue.php), reproduced with the same rows Vtiger's
 * picklist API writes: the next vtiger_invoicestatus id, a picklist_valueid from vtiger_picklistvalues_seq,
 * sortorderid after the last, presence 1, and a vtiger_role2picklist row for every role. A mark in
 * xtiger_install_marks says XTiger added it; uninstall removes it only then, and only when no invoice uses it.
 */
export const PARTIALLY_PAID = 'Partially Paid';
const MARK = 'invoicestatus:Partially Paid';

export async function addInvoiceStatusValue(db: Db): Promise<void> {
  if (await first(db, 'SELECT 1 AS x FROM vtiger_invoicestatus WHERE invoicestatus = ?', [PARTIALLY_PAID])) return;
  const picklist = await first<{ picklistid: number }>(db, "SELECT picklistid FROM vtiger_picklist WHERE name = 'invoicestatus'");
  if (!picklist) throw new Error('the Vtiger database has no invoicestatus picklist (vtiger_picklist)');
  const id = await nextId(db, 'vtiger_invoicestatus');
  const valueId = await nextId(db, 'vtiger_picklistvalues');
  const max = await first<{ m: number | null }>(db, 'SELECT MAX(sortorderid) AS m FROM vtiger_invoicestatus');
  const sequence = Number(max?.m ?? 0) + 1;
  await exec(db, 'INSERT INTO vtiger_invoicestatus (invoicestatusid, invoicestatus, presence, picklist_valueid, sortorderid) VALUES (?,?,?,?,?)', [id, PARTIALLY_PAID, 1, valueId, sequence]);
  await exec(db, 'INSERT INTO vtiger_role2picklist (roleid, picklistvalueid, picklistid, sortid) SELECT roleid, ?, ?, ? FROM vtiger_role', [valueId, picklist.picklistid, sequence]);
  await exec(db, 'CREATE TABLE IF NOT EXISTS xtiger_install_marks (name VARCHAR(100) NOT NULL PRIMARY KEY, created_at DATETIME NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8');
  await exec(db, 'INSERT IGNORE INTO xtiger_install_marks (name, created_at) VALUES (?, UTC_TIMESTAMP())', [MARK]);
}

export async function removeInvoiceStatusValue(db: Db): Promise<void> {
  if (!(await tableExists(db, 'xtiger_install_marks'))) return;
  if (!(await first(db, 'SELECT 1 AS x FROM xtiger_install_marks WHERE name = ?', [MARK]))) return;
  // Deleted invoices count too: the recycle bin can restore them.
  if (await first(db, 'SELECT 1 AS x FROM vtiger_invoice WHERE invoicestatus = ? LIMIT 1', [PARTIALLY_PAID])) return;
  const row = await first<{ picklist_valueid: number }>(db, 'SELECT picklist_valueid FROM vtiger_invoicestatus WHERE invoicestatus = ?', [PARTIALLY_PAID]);
  if (row) {
    await exec(db, 'DELETE FROM vtiger_role2picklist WHERE picklistvalueid = ?', [row.picklist_valueid]);
    await exec(db, 'DELETE FROM vtiger_invoicestatus WHERE invoicestatus = ?', [PARTIALLY_PAID]);
  }
  await exec(db, 'DELETE FROM xtiger_install_marks WHERE name = ?', [MARK]);
  if (!(await first(db, 'SELECT 1 AS x FROM xtiger_install_marks LIMIT 1'))) await exec(db, 'DROP TABLE IF EXISTS xtiger_install_marks');
}
