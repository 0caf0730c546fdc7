import { BackendAnswerError, BackendUnavailableError, BackendUnreachableError } from './backendErrors.js';
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
      if (!error && strings && typeof strings === 'object') mergeStrings(app, strings);
      // Without strings the keys show: ugly, but the badge still tells the truth.
      resolve();
    });
  });
  return loading;
}

/**
 * app.vtranslate re-reads the page's #js_strings and *replaces* app.languageString whenever a key is missing
 * (application.js), which would drop ours: so ours go into both, the page's own strings winning.
 */
function mergeStrings(app: VtigerApp, strings: Record<string, string>): void {
  const holder = jQuery('#js_strings');
  let pageStrings: Record<string, string> = {};
  try {
    pageStrings = holder.length && holder.text() ? (JSON.parse(holder.text()) as Record<string, string>) : {};
  } catch {
    pageStrings = {};
  }
  const merged = { ...strings, ...pageStrings };
  if (holder.length) holder.text(JSON.stringify(merged));
  const target = app.languageString as Record<string, string>;
  for (const [key, value] of Object.entries(merged)) {
    if (target[key] === undefined) target[key] = value;
  }
}

export function t(app: VtigerApp, key: JsStringKey, ...params: Array<string | number>): string {
  return app.vtranslate(key, ...params);
}

/** A sentence for the user about a failed backend call, in their language; never the browser's own wording. */
export function errorSentence(app: VtigerApp, error: unknown): string {
  if (error instanceof BackendUnreachableError) return t(app, 'JS_XTIGER_BACKEND_UNREACHABLE');
  if (error instanceof BackendAnswerError) {
    if (error.status === 403) return t(app, 'JS_XTIGER_NOT_ALLOWED');
    return error.message;
  }
  if (error instanceof BackendUnavailableError) {
    return error.message === 'no backend address' || error.message === 'no token' ? t(app, 'JS_XTIGER_BACKEND_NOT_SET_UP') : error.message;
  }
  return t(app, 'JS_XTIGER_UNEXPECTED');
}
