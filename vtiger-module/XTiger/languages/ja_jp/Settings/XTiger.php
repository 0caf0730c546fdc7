<?php
/* XTiger の設定画面 — 日本語。 */
$languageStrings = array(
	'XTiger' => 'XTiger',
	'LBL_XTIGER_SETTINGS' => 'XTiger',
	'LBL_API_DETAILS' => 'API 設定',
	'LBL_API_DETAILS_DESCRIPTION' => 'XTiger を Xero の組織に接続し、Xero アプリの Webhook キーを設定して、接続状態を確認します。',
	'LBL_FIELD_MAPPING' => '項目マッピング',
	'LBL_FIELD_MAPPING_DESCRIPTION' => '同期するモジュールごとに、どの Vtiger 項目をどの Xero 項目に対応させるかを設定します。',
	'LBL_SYNC_SETTINGS' => '同期設定',
	'LBL_SYNC_SETTINGS_DESCRIPTION' => '同期する対象、方向、間隔を設定します。',
	'LBL_NOTIFICATIONS' => '通知',
	'LBL_NOTIFICATIONS_DESCRIPTION' => '同期レポートの宛先、頻度、言語、送信に使うメールサーバーを設定します。',
	'LBL_DASHBOARD' => 'ダッシュボード',
	'LBL_DASHBOARD_DESCRIPTION' => '同期の実行状況、最近の失敗、キュー、次回の定期実行。',
	'LBL_SCREEN_LOADING' => '読み込み中…',
	'LBL_SCREEN_NEEDS_BACKEND' => 'この画面の内容は XTiger バックエンドが表示します。空のままの場合は、バックエンドが起動しているか確認してください。',
);
