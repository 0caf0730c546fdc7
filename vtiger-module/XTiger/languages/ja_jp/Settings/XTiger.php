<?php
/* XTiger の設定画面 — 日本語。 */
$languageStrings = array(
	'XTiger' => 'XTiger',
	'LBL_XTIGER_SETTINGS' => 'XTiger',
	'LBL_API_DETAILS' => 'API 設定',
	'LBL_API_DETAILS_DESCRIPTION' => 'XTiger を Xero の組織に接続し、接続状態を確認します。',
	'LBL_FIELD_MAPPING' => '項目マッピング',
	'LBL_FIELD_MAPPING_DESCRIPTION' => '同期するモジュールごとに、どの Vtiger 項目をどの Xero 項目に対応させるかを設定します。',
	'LBL_SYNC_SETTINGS' => '同期設定',
	'LBL_SYNC_SETTINGS_DESCRIPTION' => '同期する対象、方向、間隔を設定します。',
	'LBL_NOTIFICATIONS' => '通知',
	'LBL_NOTIFICATIONS_DESCRIPTION' => '同期の失敗や競合をメールで受け取る人を設定します。',
	'LBL_SCREEN_LOADING' => '読み込み中…',
	'LBL_SCREEN_NEEDS_BACKEND' => 'この画面の内容は XTiger バックエンドが表示します。空のままの場合は、バックエンドが起動しているか確認してください。',
);
