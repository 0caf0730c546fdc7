import { BridgeClient } from './bridgeClient.js';
import { openProgressBox } from './progressBox.js';
import { startAndFollow, type RunProgress } from './runFollower.js';
import { PATHS } from './settings/paths.js';
import { errorSentence, loadStrings, t } from './translations.js';
import type { VtigerApp, XTigerGlobal } from './vtigerGlobals.js';

/**
 * window.XTiger, which the links registered by XTiger's install hook call: "Sync with Xero" on a detail view
 * (syncRecord), "Sync to Xero" and "Add to queue" in the list view's mass actions (massSync / syncSelected,
 * addToQueue). "Sync now" starts a run and follows it by its id, with a progress box and a summary at the end.
 */
/** POST /api/queue (contract: server/http/contracts/queue.ts). */
export interface QueueAnswer {
  queued: number;
  queuedIds: number[];
  alreadyWaiting: number[];
  queueSize: number;
  message: string;
}

export function createXTigerGlobal(app: VtigerApp, version: string, options: { onSynced?: (run: RunProgress) => void } = {}): XTigerGlobal {
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
    const box = openProgressBox(t(app, 'JS_XTIGER_SYNCING', ids.length));
    try {
      const run = await startAndFollow(client, { module: app.getModuleName(), ids }, (p) => box.update(t(app, 'JS_XTIGER_RECORDS_DONE_OF', p.done, p.total ?? ids.length), Math.round((100 * p.done) / (p.total ?? ids.length))));
      const c = run.totals;
      const problems = c.failed + c.conflicts;
      if (run.status === 'failed') notify('error', t(app, 'JS_XTIGER_SYNC_FAILED', run.error?.message ?? t(app, 'JS_XTIGER_UNEXPECTED')));
      else {
        const summary = t(app, problems > 0 ? 'JS_XTIGER_SYNC_DONE_WITH_PROBLEMS' : 'JS_XTIGER_SYNC_DONE', c.created, c.updated, c.unchanged + c.skipped, c.failed, c.conflicts);
        // A few chosen records that did not go: say why (the run's own words, in the user's language).
        const reasons = run.records.filter((r) => r.outcome === 'skipped' || r.outcome === 'failed' || r.outcome === 'conflicts').slice(0, 3).map((r) => r.message);
        notify(problems > 0 ? 'error' : 'success', [summary, ...reasons].join(' '));
      }
      options.onSynced?.(run);
    } catch (error) {
      notify('error', t(app, 'JS_XTIGER_SYNC_FAILED', errorSentence(app, error)));
    } finally {
      box.close();
    }
  };

  const addToQueue = async (ids: number[]): Promise<void> => {
    await loadStrings(app);
    if (ids.length === 0) {
      notify('error', t(app, 'JS_XTIGER_SELECT_RECORDS'));
      return;
    }
    const box = openProgressBox(t(app, 'JS_XTIGER_QUEUEING', ids.length));
    try {
      const answer = await client.postJson<QueueAnswer>(PATHS.addToQueue, { module: app.getModuleName(), ids });
      notify('success', t(app, 'JS_XTIGER_QUEUED', answer.queued, answer.alreadyWaiting.length, answer.queueSize));
    } catch (error) {
      notify('error', t(app, 'JS_XTIGER_QUEUE_FAILED', errorSentence(app, error)));
    } finally {
      box.close();
    }
  };

  const syncRecord = (): void => {
    const id = Number(app.getRecordId());
    void sync(Number.isInteger(id) && id > 0 ? [id] : []);
  };
  const syncSelected = (): void => void sync(selectedRecordIds());
  return { syncRecord, syncSelected, massSync: syncSelected, addToQueue: () => void addToQueue(selectedRecordIds()), version };
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
