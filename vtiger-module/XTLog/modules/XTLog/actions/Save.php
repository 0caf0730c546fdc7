<?php
/** XTLog records are written by XTiger only: Save by hand is refused (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTLog_Save_Action extends Vtiger_Save_Action {

	public function checkPermission(Vtiger_Request $request) {
		XTiger_OwnedRecords::deny();
	}
}
