<?php
/* XTiger — 日本語の文字列。同期対象モジュールの画面で使うキーは modules/XTiger/lib/HostLanguageStrings.php が
 * そのモジュールに追加する。$jsLanguageStrings はウィジェットが取得する（アクション LanguageStrings）。 */
$languageStrings = array(
	'XTiger' => 'XTiger',
	'SINGLE_XTiger' => 'XTiger',

	// 顧客担当者・顧客企業・製品・サービス・請求書の「Xero 情報」ブロック
	'LBL_XERO_INFORMATION' => 'Xero 情報',
	'Allow XTiger Sync' => 'XTiger 同期を許可',
	'Xero ID' => 'Xero ID',
	'Xero Sync Status' => 'Xero 同期状態',
	'Last Xero Sync' => '最終 Xero 同期日時',
	'Xero Invoice Type' => 'Xero 請求書の種類',
	'Not synced' => '未同期',
	'Synced' => '同期済み',
	'Failed' => '失敗',
	'Conflict' => '競合',
	'Invoice' => '請求書',
	'Bill' => '仕入請求書',
	'Receipt' => '領収書',

	// XTiger が追加する請求書のステータス（Xero で一部入金が記録されたとき）
	'Partially Paid' => '一部入金済み',

	// 同期対象モジュールのリンク
	'Sync to Xero' => 'Xero に同期',
	'Sync with Xero' => 'Xero と同期',

	// トークンブリッジ
	'LBL_BRIDGE_MISSING' => 'XTiger の設定が完了していません（ブリッジテーブルがありません）。XTiger モジュールを再インストールするか、XTiger バックエンドを起動してください。',
);

$jsLanguageStrings = array(
	'JS_XTIGER_BADGE_TITLE' => 'Xero',
	'JS_XTIGER_LOADING' => 'Xero を確認中…',
	'JS_XTIGER_STATUS_NOT_SYNCED' => '未同期',
	'JS_XTIGER_STATUS_SYNCED' => '同期済み',
	'JS_XTIGER_STATUS_FAILED' => '同期失敗',
	'JS_XTIGER_STATUS_CONFLICT' => '競合',
	'JS_XTIGER_SYNC_OFF' => '同期オフ',
	'JS_XTIGER_XERO_ID' => 'Xero ID: %s',
	'JS_XTIGER_LAST_SYNC' => '最終同期: %s',
	'JS_XTIGER_UNAVAILABLE' => 'Xero の状態を取得できません',
	'JS_XTIGER_SELECT_RECORDS' => '先に Xero と同期するレコードを選択してください。',
	'JS_XTIGER_SYNCING' => '%s 件のレコードを Xero と同期しています…',
	'JS_XTIGER_SYNC_DONE' => 'Xero 同期が完了しました: 作成 %s 件、更新 %s 件、変更なし %s 件。',
	'JS_XTIGER_SYNC_DONE_WITH_PROBLEMS' => 'Xero 同期が完了しました: 作成 %s 件、更新 %s 件、変更なし %s 件、失敗 %s 件、競合 %s 件。理由は XTLog を確認してください。',
	'JS_XTIGER_SYNC_FAILED' => 'Xero 同期に失敗しました: %s',
);
