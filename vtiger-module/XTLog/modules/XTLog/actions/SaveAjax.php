<?php
/** XTLog records are written by XTiger only: SaveAjax by hand is refused (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTLog_SaveAjax_Action extends Vtiger_SaveAjax_Action {

	public function checkPermission(Vtiger_Request $request) {
		XTiger_OwnedRecords::deny();
	}
}
