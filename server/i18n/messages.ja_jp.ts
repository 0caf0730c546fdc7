import type { MessageKey } from './messages.en_us.js';

/** 日本語のメッセージ。キーは messages.en_us.ts と同じものをすべて持つこと（テストで確認）。 */
export const ja_jp: Record<MessageKey, string> = {
  'error.unexpected': 'XTiger で予期しないエラーが発生しました。詳細はバックエンドのログを確認してください。',
  'error.signInFirst': '先に Vtiger にログインしてください。',
  'error.adminOnly': 'この操作は Vtiger の管理者のみ実行できます。',
};
