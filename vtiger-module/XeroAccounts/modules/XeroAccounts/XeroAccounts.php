<?php
/**
 * XeroAccounts: Xero's chart of accounts, mirrored by the XTiger backend so users can pick a sales or purchase
 * account for products and services. Columns are named as the fields.
 */
include_once 'modules/Vtiger/CRMEntity.php';
require_once dirname(__FILE__) . '/EntityModuleLifecycle.php';

class XeroAccounts extends Vtiger_CRMEntity {
	var $table_name = 'vtiger_xeroaccounts';
	var $table_index = 'xeroaccountsid';
	var $customFieldTable = array('vtiger_xeroaccountscf', 'xeroaccountsid');
	var $tab_name = array('vtiger_crmentity', 'vtiger_xeroaccounts', 'vtiger_xeroaccountscf');
	var $tab_name_index = array(
		'vtiger_crmentity' => 'crmid',
		'vtiger_xeroaccounts' => 'xeroaccountsid',
		'vtiger_xeroaccountscf' => 'xeroaccountsid',
	);

	var $list_fields = array(
		'Code' => array('xeroaccounts', 'xa_code'),
		'Account Name' => array('xeroaccounts', 'xa_name'),
		'Type' => array('xeroaccounts', 'xa_type'),
		'Tax Type' => array('xeroaccounts', 'xa_tax_type'),
		'Status' => array('xeroaccounts', 'xa_status'),
	);
	var $list_fields_name = array(
		'Code' => 'xa_code',
		'Account Name' => 'xa_name',
		'Type' => 'xa_type',
		'Tax Type' => 'xa_tax_type',
		'Status' => 'xa_status',
	);
	var $list_link_field = 'xa_name';

	var $search_fields = array(
		'Code' => array('xeroaccounts', 'xa_code'),
		'Account Name' => array('xeroaccounts', 'xa_name'),
	);
	var $search_fields_name = array(
		'Code' => 'xa_code',
		'Account Name' => 'xa_name',
	);
	var $popup_fields = array('xa_name');
	var $def_basicsearch_col = 'xa_name';
	var $def_detailview_recname = 'xa_name';
	var $mandatory_fields = array('xa_name', 'assigned_user_id');
	var $default_order_by = 'xa_code';
	var $default_sort_order = 'ASC';

	function vtlib_handler($moduleName, $eventType) {
		XTiger_EntityModuleLifecycle::handle($moduleName, $eventType, 'XA');
	}
}
