<?php
/**
 * XTQueue: records waiting to be synced, with attempts and the next retry time. Written by the XTiger backend;
 * users watch what waits or failed. Columns are named as the fields.
 */
include_once 'modules/Vtiger/CRMEntity.php';
require_once dirname(__FILE__) . '/EntityModuleLifecycle.php';

class XTQueue extends Vtiger_CRMEntity {
	var $table_name = 'vtiger_xtqueue';
	var $table_index = 'xtqueueid';
	var $customFieldTable = array('vtiger_xtqueuecf', 'xtqueueid');
	var $tab_name = array('vtiger_crmentity', 'vtiger_xtqueue', 'vtiger_xtqueuecf');
	var $tab_name_index = array(
		'vtiger_crmentity' => 'crmid',
		'vtiger_xtqueue' => 'xtqueueid',
		'vtiger_xtqueuecf' => 'xtqueueid',
	);

	var $list_fields = array(
		'Queue No' => array('xtqueue', 'xtq_no'),
		'Module' => array('xtqueue', 'xtq_module'),
		'Related Record' => array('xtqueue', 'xtq_related_to'),
		'Direction' => array('xtqueue', 'xtq_direction'),
		'Status' => array('xtqueue', 'xtq_status'),
		'Attempts' => array('xtqueue', 'xtq_attempts'),
		'Next Attempt At' => array('xtqueue', 'xtq_next_attempt_at'),
	);
	var $list_fields_name = array(
		'Queue No' => 'xtq_no',
		'Module' => 'xtq_module',
		'Related Record' => 'xtq_related_to',
		'Direction' => 'xtq_direction',
		'Status' => 'xtq_status',
		'Attempts' => 'xtq_attempts',
		'Next Attempt At' => 'xtq_next_attempt_at',
	);
	var $list_link_field = 'xtq_no';

	var $search_fields = array(
		'Queue No' => array('xtqueue', 'xtq_no'),
		'Last Error' => array('xtqueue', 'xtq_last_error'),
	);
	var $search_fields_name = array(
		'Queue No' => 'xtq_no',
		'Last Error' => 'xtq_last_error',
	);
	var $popup_fields = array('xtq_no');
	var $def_basicsearch_col = 'xtq_no';
	var $def_detailview_recname = 'xtq_no';
	var $mandatory_fields = array('xtq_no', 'assigned_user_id');
	var $default_order_by = 'createdtime';
	var $default_sort_order = 'DESC';

	function vtlib_handler($moduleName, $eventType) {
		XTiger_EntityModuleLifecycle::handle($moduleName, $eventType, 'XTQ');
	}
}
