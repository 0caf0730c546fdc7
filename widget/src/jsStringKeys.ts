/** The keys of XTiger's $jsLanguageStrings the widget uses (no DOM here: tests import it). */
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
