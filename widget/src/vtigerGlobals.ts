/**
 * The globals of a Vtiger 7/8 page the widget relies on (layouts/v7/resources/application.js). They belong to the
 * page: declared here, never bundled. Only what we call is typed.
 */
export interface VtigerDeferred<T> {
  /** Vtiger resolves its requests with (error, data), error first. */
  then(callback: (error: VtigerRequestError | null, data: T) => void): unknown;
}

export interface VtigerRequestError {
  code?: string;
  message?: string;
}

export interface VtigerApp {
  getModuleName(): string;
  getViewName?(): string;
  view?(): string;
  getRecordId(): string | number | false | undefined;
  vtranslate(key: string, ...params: Array<string | number>): string;
  languageString: Record<string, string> | string[];
  request: { post<T>(params: { data: Record<string, string | number> }): VtigerDeferred<T> };
  helper: {
    showSuccessNotification?(options: { message: string }): void;
    showErrorNotification?(options: { message: string }): void;
    showAlertNotification?(options: { message: string }): void;
    showProgress?(message?: string): void;
    /** bootbox confirm; resolves on OK, rejects on Cancel. */
    showConfirmationBox?(options: { message: string }): { then(ok: () => void, cancel: () => void): unknown };
    hideProgress?(): void;
  };
  event?: { on(eventName: string, handler: (...args: unknown[]) => void): void };
}

declare global {
  interface Window {
    app?: VtigerApp;
    XTiger?: XTigerGlobal;
  }
}

/** What the links registered by XTiger's install hook call (`javascript:XTiger.massSync();` …). */
export interface XTigerGlobal {
  syncSelected(): void;
  massSync(): void;
  syncRecord(): void;
  addToQueue(): void;
  version: string;
}

export function vtigerApp(): VtigerApp | undefined {
  return window.app;
}

export function currentView(app: VtigerApp): string {
  if (typeof app.getViewName === 'function') return app.getViewName();
  if (typeof app.view === 'function') return app.view();
  return '';
}
