<?php
/** XTQueue list view without Add Record, Import, Mass Edit and Find Duplicates (and Delete for non-admins). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTQueue_ListView_Model extends Vtiger_ListView_Model {
	use XTiger_OwnedListViewModel;
}
