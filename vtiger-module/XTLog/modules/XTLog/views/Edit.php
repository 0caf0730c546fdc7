<?php
/** XTLog records are written by XTiger only: Edit by hand is refused (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTLog_Edit_View extends Vtiger_Edit_View {

	public function checkPermission(Vtiger_Request $request) {
		XTiger_OwnedRecords::deny();
	}
}
