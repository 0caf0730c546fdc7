<?php
/** XTQueue records are written by XTiger only: MassSave by hand is refused (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTQueue_MassSave_Action extends Vtiger_MassSave_Action {

	public function checkPermission(Vtiger_Request $request) {
		XTiger_OwnedRecords::deny();
	}
}
