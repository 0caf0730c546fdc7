<?php
/** XTLog records are written by XTiger only: no Add Record, Import, Edit or Duplicate; admins may delete (XTigerOwnedRecords.php). */
require_once dirname(dirname(__FILE__)) . '/XTigerOwnedRecords.php';

class XTLog_Module_Model extends Vtiger_Module_Model {
	use XTiger_OwnedModuleModel;
}
