import type { VtigerApp } from './vtigerGlobals.js';

/**
 * XTiger's texts come from its language files ($jsLanguageStrings). Vtiger only puts the current module's strings
 * on a page, so on a Contacts page we fetch ours once (action LanguageStrings) and merge them into
 * app.languageString; from then on app.vtranslate finds them like any Vtiger string.
 */
export type JsStringKey =
  | 'JS_XTIGER_BADGE_TITLE'
  | 'JS_XTIGER_LOADING'
  | 'JS_XTIGER_STATUS_NOT_SYNCED'
  | 'JS_XTIGER_STATUS_SYNCED'
  | 'JS_XTIGER_STATUS_FAILED'
  | 'JS_XTIGER_STATUS_CONFLICT'
  | 'JS_XTIGER_SYNC_OFF'
  | 'JS_XTIGER_XERO_ID'
  | 'JS_XTIGER_LAST_SYNC'
  | 'JS_XTIGER_UNAVAILABLE'
  | 'JS_XTIGER_COMING_SOON';

/** Every key the widget uses; a test checks each exists in every language file. */
export const JS_STRING_KEYS: readonly JsStringKey[] = [
  'JS_XTIGER_BADGE_TITLE',
  'JS_XTIGER_LOADING',
  'JS_XTIGER_STATUS_NOT_SYNCED',
  'JS_XTIGER_STATUS_SYNCED',
  'JS_XTIGER_STATUS_FAILED',
  'JS_XTIGER_STATUS_CONFLICT',
  'JS_XTIGER_SYNC_OFF',
  'JS_XTIGER_XERO_ID',
  'JS_XTIGER_LAST_SYNC',
  'JS_XTIGER_UNAVAILABLE',
  'JS_XTIGER_COMING_SOON',
];

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
