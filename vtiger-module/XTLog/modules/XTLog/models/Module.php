<?php
/** XTLog records are written by XTiger only: no Add Record, Import, Edit or Duplicate; admins may delete (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTLog_Module_Model extends Vtiger_Module_Model {

	public function isPermitted($actionName) {
		return !XTiger_OwnedRecords::refuses($actionName) && parent::isPermitted($actionName);
	}

	public function getModuleBasicLinks() {
		return array();
	}

	public function isQuickCreateSupported() {
		return false;
	}

	public function isDuplicateOptionAllowed($action, $recordId) {
		return false;
	}
}
