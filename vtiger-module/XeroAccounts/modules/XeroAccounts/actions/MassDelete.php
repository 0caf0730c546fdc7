<?php
/** XeroAccounts records: only admins delete them (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XeroAccounts_MassDelete_Action extends Vtiger_MassDelete_Action {

	public function checkPermission(Vtiger_Request $request) {
		if (XTiger_OwnedRecords::refuses('Delete')) {
			XTiger_OwnedRecords::deny();
		}
		return parent::checkPermission($request);
	}
}
