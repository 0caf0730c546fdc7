import type { syncRunMessagesEn } from './messages.syncRun.en_us.js';

/** 同期実行の汚れたデータに関するメッセージ（日本語）。キーは messages.syncRun.en_us.ts と同じ。 */
export const syncRunMessagesJa: Record<keyof typeof syncRunMessagesEn, string> = {
  'sync.failed.linkClash': '{record} はリンクされませんでした: Xero の {kind} {xeroId} は既に {other} にリンクされています。Vtiger でどちらかの {field} を変更してください。',
  'sync.failed.deletedDuringRun': '{record} (#{crmid}) は同期の途中で Vtiger から削除されたため、これ以上の処理は行っていません。',
  'sync.failed.record': '{record} を記録できませんでした: {message}',
  'sync.failed.batch': '{record} は同じバッチの他のレコードとともに失敗しました: {message}',
  'sync.refused.duplicateCode': '{record} は送信されませんでした: {other} が同じ品目コード「{code}」を持っています（Xero は大文字・小文字と前後の空白を区別しません）。両方が 1 つの Xero 品目になってしまいます。Vtiger でどちらかの {field} を変更してください。',
  'sync.refused.duplicateName': '{record} は送信されませんでした: {other} が同じ名前「{name}」を持っています（Xero は大文字・小文字と前後の空白を区別せずに名前を比較します）。両方が 1 つの Xero 連絡先になってしまいます。Vtiger でどちらかの名前を変更してください。',
  'sync.refused.codeTaken': '{record} は送信されませんでした: Xero の品目「{code}」は既に {other} のものです。書き込むとそのレコードの品目を変更してしまいます。Vtiger でどちらかの {field} を変更してください。',
  'sync.refused.nameTaken': '{record} は送信されませんでした: Xero の連絡先「{name}」は既に {other} のものです。Vtiger でどちらかの名前を変更してください。',
  'sync.refused.sameNameAsOrganization': '{record} は送信されませんでした: 組織 {other} が同じ名前「{name}」を持っています。Xero は組織と担当者を 1 つの連絡先一覧で管理し、名前ごとに 1 件しか持てません（大文字・小文字と前後の空白は区別しません）。両方が 1 つの Xero 連絡先になってしまうため、Vtiger でどちらかの名前を変更してください。',
  'sync.refused.sameNameAsContact': '{record} は送信されませんでした: 担当者 {other} が同じ名前「{name}」を持っています。Xero は組織と担当者を 1 つの連絡先一覧で管理し、名前ごとに 1 件しか持てません（大文字・小文字と前後の空白は区別しません）。両方が 1 つの Xero 連絡先になってしまうため、Vtiger でどちらかの名前を変更してください。',
  'sync.refused.notProven': 'Xero の {kind}「{name}」は Vtiger に書き込まれませんでした: {by} が一致する Vtiger レコードが {count} 件あり、どれか判別できません。手動でリンクするか、{by} を一意にしてください。',
  'sync.needsAction.field': '{record} は対応が必要です: {field} — {problem}。レコードを編集すると再送信されます。',
  'sync.waiting.parent': '{record} は {module} {parent} を待っています: {why} {parent} が Xero に登録され次第、自動的に送信されます。ほかに操作は不要です。',
  'sync.waiting.parentNotSent': '{parent} はまだ Xero に送信されていません。',
  'sync.waiting.parentRefused': '{parent} は拒否されました: {cause}',
  'sync.stopped.run': '同期は途中で停止しました: {message} 完了した分は保持され、次回の実行で続きから再開します。',
  'sync.stopped.budget': '同期は制限時間 {seconds} 秒に達したため停止しました。次回の実行で続きから再開します。',
  'sync.dryRun.wouldWrite': 'ドライラン: {count} 件の書き込みが行われるところでした。何も書き込まれていません。',
  'sync.module.organization': '組織',
  'sync.module.contact': '担当者',
  'sync.module.item': '品目',
  'sync.waiting.parentArchived': '{parent} は Xero でアーカイブされています。Xero で復元してください（または別のレコードをリンクしてください）。',
  'sync.invalid.unsupportedCharacters': '{record}: Xero の {field} に Vtiger が保存できない文字（絵文字など）があります。Xero で {field} からその文字を削除してください。Xero で変更されると再び同期されます。Vtiger には何も書き込まれていません。',
};
