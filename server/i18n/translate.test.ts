import { describe, expect, it } from 'vitest';
import { en_us } from './messages.en_us.js';
import { ja_jp } from './messages.ja_jp.js';
import { translate } from './translate.js';

describe('messages', () => {
  it('exist in English and Japanese with the same keys and placeholders', () => {
    expect(Object.keys(ja_jp).sort()).toEqual(Object.keys(en_us).sort());
    for (const key of Object.keys(en_us) as Array<keyof typeof en_us>) {
      const placeholders = (s: string) => (s.match(/\{[A-Za-z0-9_]+\}/g) ?? []).sort();
      expect(placeholders(ja_jp[key]), key).toEqual(placeholders(en_us[key]));
      expect(ja_jp[key], key).not.toEqual('');
    }
  });

  it('falls back to English and fills placeholders', () => {
    expect(translate('de_de', 'error.adminOnly')).toBe(en_us['error.adminOnly']);
    expect(translate('ja_jp', 'error.adminOnly')).toBe(ja_jp['error.adminOnly']);
  });
});
