import type { VtigerApp } from './vtigerGlobals.js';

/**
 * XTiger's texts come from its language files ($jsLanguageStrings). Vtiger only puts the current module's strings
 * on a page, so on a Contacts page we fetch ours once (action LanguageStrings) and merge them into
 * app.languageString; from then on app.vtranslate finds them like any Vtiger string.
 */
export { JS_STRING_KEYS, type JsStringKey } from './jsStringKeys.js';
import type { JsStringKey } from './jsStringKeys.js';

let loading: Promise<void> | null = null;

export function loadStrings(app: VtigerApp): Promise<void> {
  loading ??= new Promise<void>((resolve) => {
    app.request.post<Record<string, string>>({ data: { module: 'XTiger', action: 'LanguageStrings' } }).then((error, strings) => {
      if (!error && strings && typeof strings === 'object') {
        const target = app.languageString as Record<string, string>;
        for (const [key, value] of Object.entries(strings)) {
          if (target[key] === undefined) target[key] = value;
        }
      }
      // Without strings the keys show: ugly, but the badge still tells the truth.
      resolve();
    });
  });
  return loading;
}

export function t(app: VtigerApp, key: JsStringKey, ...params: Array<string | number>): string {
  return app.vtranslate(key, ...params);
}
