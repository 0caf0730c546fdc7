import { BridgeClient } from './bridgeClient.js';
import { syncNow, type SyncNowResult } from './syncClient.js';
import { loadStrings, t } from './translations.js';
import type { VtigerApp, XTigerGlobal } from './vtigerGlobals.js';

/**
 * window.XTiger, which the links registered by XTiger's install hook call: "Sync with Xero" on a detail view
 * (syncRecord) and "Sync to Xero" in the list view's mass actions (massSync / syncSelected). Each posts the
 * records to the backend's "sync now" and tells the user what happened, in their language.
 */
export function createXTigerGlobal(app: VtigerApp, version: string, options: { onSynced?: (result: SyncNowResult) => void } = {}): XTigerGlobal {
  const client = new BridgeClient(app);
  const notify = (kind: 'success' | 'error', message: string): void => {
    const show = kind === 'success' ? app.helper.showSuccessNotification : app.helper.showErrorNotification;
    // Vtiger's notifications put the message in as HTML; ours is text (it may quote Xero's names), so escape it.
    if (show) show.call(app.helper, { message: escapeHtml(message) });
    else window.alert(message);
  };

  const sync = async (ids: number[]): Promise<void> => {
    await loadStrings(app);
    if (ids.length === 0) {
      notify('error', t(app, 'JS_XTIGER_SELECT_RECORDS'));
      return;
    }
    app.helper.showProgress?.(t(app, 'JS_XTIGER_SYNCING', ids.length));
    try {
      const result = await syncNow(client, app.getModuleName(), ids);
      const c = result.totals;
      const problems = c.failed + c.conflicts;
      notify(
        problems > 0 ? 'error' : 'success',
        t(app, problems > 0 ? 'JS_XTIGER_SYNC_DONE_WITH_PROBLEMS' : 'JS_XTIGER_SYNC_DONE', c.created, c.updated, c.unchanged + c.skipped, c.failed, c.conflicts),
      );
      options.onSynced?.(result);
    } catch (error) {
      notify('error', t(app, 'JS_XTIGER_SYNC_FAILED', error instanceof Error ? error.message : String(error)));
    } finally {
      app.helper.hideProgress?.();
    }
  };

  const syncRecord = (): void => {
    const id = Number(app.getRecordId());
    void sync(Number.isInteger(id) && id > 0 ? [id] : []);
  };
  const syncSelected = (): void => void sync(selectedRecordIds());
  return { syncRecord, syncSelected, massSync: syncSelected, version };
}

/** Text as HTML that shows exactly that text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The records ticked in the list view (each row's checkbox holds its record id; ui-notes.md). */
export function selectedRecordIds(): number[] {
  const ids = jQuery('input.listViewEntriesCheckBox:checked')
    .map((_, el) => Number((el as HTMLInputElement).value))
    .get() as number[];
  return [...new Set(ids.filter((id) => Number.isInteger(id) && id > 0))];
}
