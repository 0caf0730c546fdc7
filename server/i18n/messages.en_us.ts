/**
 * English messages of the backend (XTLog messages, e-mails, errors shown in Vtiger). Keys are stable; `{name}`
 * placeholders are filled by `translate`. The Japanese catalogue (messages.ja_jp.ts) must have the same keys:
 * a test checks it.
 */
export const en_us = {
  'error.unexpected': 'XTiger hit an unexpected error; the details are in the backend log.',
  'error.signInFirst': 'Sign in to Vtiger first.',
  'error.adminOnly': 'Only a Vtiger administrator can do this.',
} as const;

export type MessageKey = keyof typeof en_us;
