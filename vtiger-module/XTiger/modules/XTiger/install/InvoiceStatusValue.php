<?php
/**
 * "Partially Paid" in Invoice's status picklist (invoicestatus, role-based): Vtiger 8.2 has no such value, and
 * XTiger sets it when Xero records a part payment. Added the way Settings > Picklist adds a value
 * (Settings_Picklist_Module_Model::addPickListValues): the next vtiger_invoicestatus id, a picklist_valueid from
 * vtiger_picklistvalues_seq, sortorderid after the last, presence 1, and a vtiger_role2picklist row for every role.
 * A mark in xtiger_install_marks records that XTiger added it; on uninstall the value goes only when XTiger added
 * it and no invoice (deleted ones included: they can be restored) uses it. Kept on disable: invoices hold it.
 */
class XTiger_InvoiceStatusValue {

	const VALUE = 'Partially Paid';
	const PICKLIST = 'invoicestatus';
	const MARK = 'invoicestatus:Partially Paid';

	public static function add() {
		$db = PearDatabase::getInstance();
		$exists = $db->pquery('SELECT 1 FROM vtiger_invoicestatus WHERE invoicestatus = ?', array(self::VALUE));
		if ($db->num_rows($exists) > 0) {
			return;
		}
		$picklist = $db->pquery('SELECT picklistid FROM vtiger_picklist WHERE name = ?', array(self::PICKLIST));
		if ($db->num_rows($picklist) === 0) {
			XTiger_InstallLog::note('skip invoice status "' . self::VALUE . '": picklist ' . self::PICKLIST . ' not found');
			return;
		}
		$picklistId = $db->query_result($picklist, 0, 'picklistid');
		$id = $db->getUniqueID('vtiger_invoicestatus');
		$valueId = $db->getUniqueID('vtiger_picklistvalues');
		$max = $db->pquery('SELECT MAX(sortorderid) AS maxsequence FROM vtiger_invoicestatus', array());
		$sequence = ((int) $db->query_result($max, 0, 'maxsequence')) + 1;
		$db->pquery(
			'INSERT INTO vtiger_invoicestatus (invoicestatusid, invoicestatus, presence, picklist_valueid, sortorderid) VALUES (?,?,?,?,?)',
			array($id, self::VALUE, 1, $valueId, $sequence)
		);
		$db->pquery(
			'INSERT INTO vtiger_role2picklist (roleid, picklistvalueid, picklistid, sortid) SELECT roleid, ?, ?, ? FROM vtiger_role',
			array($valueId, $picklistId, $sequence)
		);
		self::ensureMarkTable();
		$db->pquery('INSERT IGNORE INTO xtiger_install_marks (name, created_at) VALUES (?, UTC_TIMESTAMP())', array(self::MARK));
	}

	public static function remove() {
		$db = PearDatabase::getInstance();
		if (!Vtiger_Utils::CheckTable('xtiger_install_marks')) {
			return;
		}
		$mark = $db->pquery('SELECT 1 FROM xtiger_install_marks WHERE name = ?', array(self::MARK));
		if ($db->num_rows($mark) === 0) {
			return;
		}
		$used = $db->pquery('SELECT 1 FROM vtiger_invoice WHERE invoicestatus = ? LIMIT 1', array(self::VALUE));
		if ($db->num_rows($used) > 0) {
			XTiger_InstallLog::note('invoice status "' . self::VALUE . '" kept: invoices use it');
			return;
		}
		$row = $db->pquery('SELECT picklist_valueid FROM vtiger_invoicestatus WHERE invoicestatus = ?', array(self::VALUE));
		if ($db->num_rows($row) > 0) {
			$valueId = $db->query_result($row, 0, 'picklist_valueid');
			$db->pquery('DELETE FROM vtiger_role2picklist WHERE picklistvalueid = ?', array($valueId));
			$db->pquery('DELETE FROM vtiger_invoicestatus WHERE invoicestatus = ?', array(self::VALUE));
		}
		$db->pquery('DELETE FROM xtiger_install_marks WHERE name = ?', array(self::MARK));
		$left = $db->pquery('SELECT 1 FROM xtiger_install_marks LIMIT 1', array());
		if ($db->num_rows($left) === 0) {
			$db->pquery('DROP TABLE IF EXISTS xtiger_install_marks', array());
		}
	}

	private static function ensureMarkTable() {
		$db = PearDatabase::getInstance();
		$db->pquery('CREATE TABLE IF NOT EXISTS xtiger_install_marks (
			name VARCHAR(100) NOT NULL PRIMARY KEY,
			created_at DATETIME NOT NULL
		) ENGINE=InnoDB DEFAULT CHARSET=utf8', array());
	}
}
