<?php
/** XTQueue list view without Add Record, Import, Mass Edit and Find Duplicates (and Delete for non-admins). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTQueue_ListView_Model extends Vtiger_ListView_Model {

	public function getListViewMassActions($linkParams) {
		return XTiger_OwnedRecords::filterLinks(parent::getListViewMassActions($linkParams));
	}

	public function getAdvancedLinks() {
		return XTiger_OwnedRecords::filterLinks(parent::getAdvancedLinks());
	}

	public function getBasicLinks() {
		return array();
	}
}
