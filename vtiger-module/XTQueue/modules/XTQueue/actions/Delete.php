<?php
/** XTQueue records: only admins delete them (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTQueue_Delete_Action extends Vtiger_Delete_Action {

	public function checkPermission(Vtiger_Request $request) {
		if (XTiger_OwnedRecords::refuses('Delete')) {
			XTiger_OwnedRecords::deny();
		}
		return parent::checkPermission($request);
	}
}
