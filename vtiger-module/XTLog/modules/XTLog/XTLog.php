<?php
/**
 * XTLog: one record per record the sync touched (or skipped), with direction, action, outcome and message.
 * Written by the XTiger backend; users read, filter, search and export them. Columns are named as the fields.
 */
include_once 'modules/Vtiger/CRMEntity.php';
require_once dirname(__FILE__) . '/EntityModuleLifecycle.php';

class XTLog extends Vtiger_CRMEntity {
	var $table_name = 'vtiger_xtlog';
	var $table_index = 'xtlogid';
	var $customFieldTable = array('vtiger_xtlogcf', 'xtlogid');
	var $tab_name = array('vtiger_crmentity', 'vtiger_xtlog', 'vtiger_xtlogcf');
	var $tab_name_index = array(
		'vtiger_crmentity' => 'crmid',
		'vtiger_xtlog' => 'xtlogid',
		'vtiger_xtlogcf' => 'xtlogid',
	);

	/** Default list view columns: label => array(table without "vtiger_", column). */
	var $list_fields = array(
		'Log No' => array('xtlog', 'xtl_no'),
		'Module' => array('xtlog', 'xtl_module'),
		'Related Record' => array('xtlog', 'xtl_related_to'),
		'Direction' => array('xtlog', 'xtl_direction'),
		'Action' => array('xtlog', 'xtl_action'),
		'Status' => array('xtlog', 'xtl_status'),
		'Started' => array('xtlog', 'xtl_started_at'),
		'Assigned To' => array('crmentity', 'smownerid'),
	);
	var $list_fields_name = array(
		'Log No' => 'xtl_no',
		'Module' => 'xtl_module',
		'Related Record' => 'xtl_related_to',
		'Direction' => 'xtl_direction',
		'Action' => 'xtl_action',
		'Status' => 'xtl_status',
		'Started' => 'xtl_started_at',
		'Assigned To' => 'assigned_user_id',
	);
	var $list_link_field = 'xtl_no';

	var $search_fields = array(
		'Log No' => array('xtlog', 'xtl_no'),
		'Xero ID' => array('xtlog', 'xtl_xero_id'),
		'Run ID' => array('xtlog', 'xtl_run_id'),
	);
	var $search_fields_name = array(
		'Log No' => 'xtl_no',
		'Xero ID' => 'xtl_xero_id',
		'Run ID' => 'xtl_run_id',
	);
	var $popup_fields = array('xtl_no');
	var $def_basicsearch_col = 'xtl_no';
	var $def_detailview_recname = 'xtl_no';
	var $mandatory_fields = array('xtl_no', 'assigned_user_id');
	var $default_order_by = 'createdtime';
	var $default_sort_order = 'DESC';

	function vtlib_handler($moduleName, $eventType) {
		XTiger_EntityModuleLifecycle::handle($moduleName, $eventType, 'XTL');
	}
}
