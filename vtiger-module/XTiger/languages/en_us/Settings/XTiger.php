<?php
/* XTiger's Settings pages — English. */
$languageStrings = array(
	'XTiger' => 'XTiger',
	'LBL_XTIGER_SETTINGS' => 'XTiger',
	'LBL_API_DETAILS' => 'API Details',
	'LBL_API_DETAILS_DESCRIPTION' => 'Connect XTiger to your Xero organisation, give it the webhook key of your Xero app and see the connection status.',
	'LBL_FIELD_MAPPING' => 'Field Mapping',
	'LBL_FIELD_MAPPING_DESCRIPTION' => 'Choose which Vtiger field fills which Xero field, for each synced module.',
	'LBL_SYNC_SETTINGS' => 'Sync Settings',
	'LBL_SYNC_SETTINGS_DESCRIPTION' => 'Choose what syncs, in which direction, and how often.',
	'LBL_NOTIFICATIONS' => 'Notifications',
	'LBL_NOTIFICATIONS_DESCRIPTION' => 'Choose who receives the sync report, how often, in which language and through which mail server.',
	'LBL_DASHBOARD' => 'Dashboard',
	'LBL_DASHBOARD_DESCRIPTION' => 'Runs over time, the latest failures, the queue and the next scheduled run.',
	'LBL_SCREEN_LOADING' => 'Loading…',
	'LBL_SCREEN_NEEDS_BACKEND' => 'This page is filled in by the XTiger backend. If it stays empty, check that the backend is running.',
);
