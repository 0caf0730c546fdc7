import { BridgeClient } from '../bridgeClient.js';
import { el } from '../dom.js';
import { errorSentence, t, type JsStringKey } from '../translations.js';
import type { VtigerApp } from '../vtigerGlobals.js';

/** What every Settings screen gets: the page's app, a backend client, texts and Vtiger's notifications. */
export interface ScreenContext {
  app: VtigerApp;
  client: BridgeClient;
  t(key: JsStringKey, ...params: Array<string | number>): string;
  errorText(error: unknown): string;
  notifySuccess(message: string): void;
  notifyError(message: string): void;
  /** Vtiger's confirmation box (bootbox); window.confirm where the page has none. */
  confirm(message: string): Promise<boolean>;
  /** The query of the page's URL (the OAuth callback lands with ?xero=connected|failed…). */
  query: URLSearchParams;
}

export function screenContext(app: VtigerApp, client = new BridgeClient(app)): ScreenContext {
  const helper = app.helper;
  return {
    app,
    client,
    t: (key, ...params) => t(app, key, ...params),
    errorText: (error) => errorSentence(app, error),
    notifySuccess: (message) => (helper.showSuccessNotification ? helper.showSuccessNotification({ message }) : undefined),
    notifyError: (message) => (helper.showErrorNotification ? helper.showErrorNotification({ message }) : window.alert(message)),
    confirm: (message) =>
      new Promise<boolean>((resolve) => {
        if (!helper.showConfirmationBox) {
          resolve(window.confirm(message));
          return;
        }
        helper.showConfirmationBox({ message }).then(
          () => resolve(true),
          () => resolve(false),
        );
      }),
    query: new URLSearchParams(window.location.search),
  };
}

/** A screen draws itself into its container; `load` runs after the strings are in. */
export type Screen = (ctx: ScreenContext, body: JQuery) => Promise<void>;

/** The page's message in place of the screen when it cannot be drawn (backend down, not an admin). */
export function showProblem(body: JQuery, message: string): void {
  body.empty().append(el('div', { class: 'alert alert-danger', role: 'alert', 'data-xtiger-problem': 'true' }, message));
}

/** Module names of the screens' pickers, in Vtiger's words (the module's own translated name). */
export const SCREEN_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'] as const;
export type ScreenModule = (typeof SCREEN_MODULES)[number];

export function moduleLabel(ctx: ScreenContext, module: ScreenModule): string {
  const keys: Record<ScreenModule, JsStringKey> = {
    Contacts: 'JS_XTIGER_MODULE_CONTACTS',
    Accounts: 'JS_XTIGER_MODULE_ACCOUNTS',
    Products: 'JS_XTIGER_MODULE_PRODUCTS',
    Services: 'JS_XTIGER_MODULE_SERVICES',
    Invoice: 'JS_XTIGER_MODULE_INVOICE',
  };
  return ctx.t(keys[module]);
}

/** Pills to pick a module (Vtiger's nav-pills), calling `onPick` with the chosen one. */
export function modulePicker(ctx: ScreenContext, modules: readonly ScreenModule[], active: ScreenModule, onPick: (m: ScreenModule) => void): JQuery {
  const list = el('ul', { class: 'nav nav-pills xtiger-module-picker', role: 'tablist', style: 'margin-bottom:15px' });
  for (const m of modules) {
    const link = el('a', { href: '#', 'data-module': m }, moduleLabel(ctx, m));
    link.on('click', (e) => {
      e.preventDefault();
      onPick(m);
    });
    list.append(el('li', { class: m === active ? 'active' : undefined, role: 'presentation' }, link));
  }
  return list;
}

/** Formats an ISO time in the browser's locale (the user's Vtiger language decides the page's words, not this). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
