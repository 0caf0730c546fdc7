<?php
/** A XTLog record: never edited by hand; deleted by admins only (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTLog_Record_Model extends Vtiger_Record_Model {

	public function isEditable() {
		return false;
	}

	public function isDeletable() {
		return !XTiger_OwnedRecords::refuses('Delete') && parent::isDeletable();
	}
}
