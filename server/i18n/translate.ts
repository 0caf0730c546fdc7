import { en_us, type MessageKey } from './messages.en_us.js';
import { ja_jp } from './messages.ja_jp.js';

/** Vtiger language codes XTiger speaks; any other falls back to English. */
export const LANGUAGES = ['en_us', 'ja_jp'] as const;
export type Language = (typeof LANGUAGES)[number];

const catalogues: Record<Language, Record<MessageKey, string>> = { en_us, ja_jp };

export function toLanguage(vtigerLanguage: string | null | undefined): Language {
  return vtigerLanguage === 'ja_jp' ? 'ja_jp' : 'en_us';
}

/** The message `key` in `language`, with `{name}` placeholders filled from `params`. */
export function translate(language: string | null | undefined, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[toLanguage(language)][key];
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type { MessageKey };
