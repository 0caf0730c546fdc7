import type { MessageKey } from './messages.en_us.js';
import { authzMessagesJa } from './messages.authz.ja_jp.js';
import { invoiceMessagesJa } from './messages.invoices.ja_jp.js';
import { settingsMessagesJa } from './messages.settings.ja_jp.js';
import { syncRunMessagesJa } from './messages.syncRun.ja_jp.js';

/** 日本語のメッセージ。キーは messages.en_us.ts と同じものをすべて持つこと（テストで確認）。 */
export const ja_jp: Record<MessageKey, string> = {
  ...invoiceMessagesJa,
  ...settingsMessagesJa,
  ...syncRunMessagesJa,
  ...authzMessagesJa,
  'error.unexpected': 'XTiger で予期しないエラーが発生しました。詳細はバックエンドのログを確認してください。',
  'error.signInFirst': '先に Vtiger にログインしてください。',
  'error.adminOnly': 'この操作は Vtiger の管理者のみ実行できます。',
  'sync.skip.unchanged': '前回の同期から変更はありません。',
  'sync.skip.echo': 'スキップ: 前回の同期で XTiger 自身が書き込んだ変更です。',
  'sync.skip.notSelected': '{record} は {module} の同期対象の設定で選択されていません。',
  'sync.skip.directionExcludes': '{record} は {side} で変更されましたが、{module} は逆方向のみ同期します。',
  'sync.skip.vtigerDeleted': '{record} は Vtiger で削除されました。削除時のアーカイブが無効のため、Xero のレコードはそのままです。',
  'sync.skip.xeroArchived': '{record} は Xero でアーカイブされています。',
  'sync.skip.tooManyContactPersons': '{record} は Xero の {organization} に追加されません。Xero の取引先に登録できる担当者は最大 {max} 人です。',
  'sync.skip.organizationNotLinked': '{record} が属する {organization} はまだ Xero に同期されていません。',
  'sync.invalid.requiredForXero': '{record}: {field} が空ですが、Xero の {xeroField} には必須です。',
  'sync.invalid.requiredForVtiger': '{record}: Vtiger では {field} が必須ですが、Xero のレコードに値がありません。',
  'sync.invalid.tooLongForXero': '{record}: {field} が Xero の {xeroField} の上限 {max} 文字を超えています。',
  'sync.invalid.badValue': '{record}: {field} の値「{value}」はこの項目の型として正しくありません。',
  'sync.adjust.truncated': '{record}: {field} を Vtiger に収まるよう {max} 文字に切り詰めました。',
  'sync.adjust.unsupportedCharacters': '{record}: {field} に Vtiger が保存できない文字（絵文字など）があったため「?」に置き換えました。',
  'sync.conflict.held': '{record}: {fields} が Vtiger と Xero の両方で変更されたため、何も書き込みませんでした。ログで残す側を選んでください。',
  'sync.match.ambiguous': '{record}: {by} が一致する Xero のレコードが複数あるため、リンクも作成もしませんでした。手動でリンクしてください。',
  'sync.done.createdInXero': '{record} を Xero に作成しました。',
  'sync.done.updatedInXero': '{record} を Xero で更新しました: {fields}。',
  'sync.done.createdInVtiger': '{record} を Xero から Vtiger に作成しました。',
  'sync.done.updatedInVtiger': '{record} を Xero の内容で更新しました: {fields}。',
  'sync.done.linked': '{record} を {by} が一致する既存の Xero のレコードにリンクしました。',
  'sync.done.archivedInXero': '{record} は Vtiger で削除されたため、Xero の取引先をアーカイブしました。',
  'sync.done.removedFromOrganization': '{record} を Xero の {organization} から外しました。',
  'sync.done.markedArchived': '{record} は Xero でアーカイブされました。Vtiger のレコードは残し、「未同期」にしました。',
  'sync.done.resolved': '{field} は Vtiger（「{vtiger}」）と Xero（「{xero}」）の両方で変更されました。{policy} の設定により {winner} を採用しました。',
  'sync.conflict.values': '{field}: Vtiger「{vtiger}」、Xero「{xero}」。',
  'sync.failed.xero': '{record}: Xero が変更を受け付けませんでした: {message}',
  'sync.failed.vtiger': '{record}: Vtiger が変更を受け付けませんでした: {message}',
  'sync.failed.unreachable': '{record}: 変更を書き込めませんでした（{message}）。後で再試行します。',
  'sync.queue.gaveUp': '{record} は {attempts} 回失敗したため、再試行を終了しました。原因を直してから再度同期してください。',
  'sync.skip.itemNotArchivable': '{record} は Vtiger で削除されましたが、Xero の品目は API でアーカイブできないため、そのまま残します。',
};
