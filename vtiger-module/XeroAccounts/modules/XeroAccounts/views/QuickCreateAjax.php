<?php
/** XeroAccounts records are written by XTiger only: QuickCreateAjax by hand is refused (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XeroAccounts_QuickCreateAjax_View extends Vtiger_QuickCreateAjax_View {

	public function checkPermission(Vtiger_Request $request) {
		XTiger_OwnedRecords::deny();
	}
}
