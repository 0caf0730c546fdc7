import type { MessageKey } from './messages.en_us.js';

/** 日本語のメッセージ。キーは messages.en_us.ts と同じものをすべて持つこと（テストで確認）。 */
export const ja_jp: Record<MessageKey, string> = {
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
};
