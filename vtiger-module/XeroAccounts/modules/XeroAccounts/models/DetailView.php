<?php
/** XeroAccounts detail view without Edit and Duplicate (and Delete for non-admins). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XeroAccounts_DetailView_Model extends Vtiger_DetailView_Model {

	public function getDetailViewLinks($linkParams) {
		return XTiger_OwnedRecords::filterLinks(parent::getDetailViewLinks($linkParams));
	}
}
