import type { authzMessagesEn } from './messages.authz.en_us.js';

/** 認可と利用者ごとの上限のメッセージ(英語版: messages.authz.en_us.ts)。 */
export const authzMessagesJa: Record<keyof typeof authzMessagesEn, string> = {
  'authz.userNotActive': 'Vtiger のユーザーが有効ではありません(または存在しません)。Vtiger にもう一度サインインしてください。',
  'authz.recordNotVisible': 'この {module} のレコードは存在しないか、削除されたか、閲覧する権限がありません。',
  'authz.recordNotEditable': 'この {module} のレコードは存在しないか、削除されたか、編集する権限がありません。',
  'authz.noneVisible': '選択した {module} のレコード {count} 件はどれも使えません。存在しないか、削除されたか、閲覧する権限がありません。',
  'authz.noneEditable': '選択した {module} のレコード {count} 件はどれも同期できません。存在しないか、削除されたか、編集する権限がありません。',
  'authz.leftOut': '選択した {module} のレコードのうち {count} 件は除外しました。存在しないか、削除されたか、編集する権限がありません。',
  'authz.conflictNotEditable': 'この競合のレコードを編集する権限がないため、競合を解決できません。レコードの担当者か管理者に依頼してください。',
  'authz.runNotFound': 'あなたが開始した同期実行 {runId} はありません。',
  'authz.limit.hourly': 'この1時間の同期回数の上限({limit} 回)に達しました。{minutes} 分後にもう一度お試しください。',
  'authz.limit.daily': 'この同期を行うと、本日のあなたの Xero 呼び出しが割り当て(組織の1日 {budget} 回のうち {share} 回、使用済み {used} 回)を超えます。明日もう一度お試しいただくか、レコードを減らすか、管理者に依頼してください。',
};
