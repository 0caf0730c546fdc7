<?php
/* XTiger — English strings. Keys used inside the synced modules' pages are added there by
 * modules/XTiger/lib/HostLanguageStrings.php; $jsLanguageStrings are fetched by the widget (action LanguageStrings). */
$languageStrings = array(
	'XTiger' => 'XTiger',
	'SINGLE_XTiger' => 'XTiger',

	// The Xero Information block on Contacts, Organizations, Products, Services and Invoices
	'LBL_XERO_INFORMATION' => 'Xero Information',
	'Allow XTiger Sync' => 'Allow XTiger Sync',
	'Xero ID' => 'Xero ID',
	'Xero Sync Status' => 'Xero Sync Status',
	'Last Xero Sync' => 'Last Xero Sync',
	'Xero Invoice Type' => 'Xero Invoice Type',
	'Not synced' => 'Not synced',
	'Synced' => 'Synced',
	'Failed' => 'Failed',
	'Conflict' => 'Conflict',
	'Invoice' => 'Invoice',
	'Bill' => 'Bill',
	'Receipt' => 'Receipt',

	// Invoice status XTiger adds (a part payment recorded in Xero)
	'Partially Paid' => 'Partially Paid',

	// Links on the synced modules
	'Sync to Xero' => 'Sync to Xero',
	'Sync with Xero' => 'Sync with Xero',

	// Token bridge
	'LBL_BRIDGE_MISSING' => 'XTiger is not set up completely: its bridge table is missing. Reinstall the XTiger module or start the XTiger backend.',
);

$jsLanguageStrings = array(
	'JS_XTIGER_BADGE_TITLE' => 'Xero',
	'JS_XTIGER_LOADING' => 'Checking Xero…',
	'JS_XTIGER_STATUS_NOT_SYNCED' => 'Not synced',
	'JS_XTIGER_STATUS_SYNCED' => 'Synced',
	'JS_XTIGER_STATUS_FAILED' => 'Sync failed',
	'JS_XTIGER_STATUS_CONFLICT' => 'Conflict',
	'JS_XTIGER_SYNC_OFF' => 'Sync off',
	'JS_XTIGER_XERO_ID' => 'Xero ID: %s',
	'JS_XTIGER_LAST_SYNC' => 'Last sync: %s',
	'JS_XTIGER_UNAVAILABLE' => 'Xero status unavailable',
	'JS_XTIGER_SELECT_RECORDS' => 'Select the records to sync with Xero first.',
	'JS_XTIGER_SYNCING' => 'Syncing %s record(s) with Xero…',
	'JS_XTIGER_SYNC_DONE' => 'Xero sync done: %s created, %s updated, %s unchanged.',
	'JS_XTIGER_SYNC_DONE_WITH_PROBLEMS' => 'Xero sync done: %s created, %s updated, %s unchanged, %s failed, %s in conflict. See XTLog for the reasons.',
	'JS_XTIGER_SYNC_FAILED' => 'Xero sync failed: %s',
);
