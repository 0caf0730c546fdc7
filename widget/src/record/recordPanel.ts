import type { BridgeClient } from '../bridgeClient.js';
import { alertBox, button, el } from '../dom.js';
import { follow, readRun, type RunAnswer, type RunProgress } from '../runFollower.js';
import { fill, PATHS } from '../settings/paths.js';
import { formatTime } from '../settings/screenContext.js';
import { errorSentence, t } from '../translations.js';
import type { VtigerApp } from '../vtigerGlobals.js';

/**
 * The Xero panel on a synced record's detail view: a link to the record in Xero, why the record waits (e.g. a
 * change its locked Xero document refuses), the last XTLog lines, and a conflict held for review shown side by side
 * with "Keep Vtiger" / "Keep Xero" (users who may edit the record). Every value from Xero or users is put in as text.
 */
/**
 * What the panel reads from GET /api/records/:module/:id/xero-status (contract: server/http/contracts/recordStatus.ts):
 * the link to Xero, the newest XTLog lines, a held conflict. Optional here: an older backend answers the badge only.
 */
export interface RecordPanelView {
  xero?: { url: string; kind: string; exact: boolean } | null;
  recentLog?: Array<{ logId: number; at: string | null; status: string; action: string; message: string }>;
  conflict?: null | {
    logId: number;
    at: string | null;
    fields: Array<{ field: string; label: string; vtigerValue: string; xeroValue: string }>;
    message: string;
  };
  waiting?: null | { cause: string; since: string | null; message: string };
}

export const PANEL_ID = 'xtiger-record-panel';

/** Draws (or redraws) the panel from the record's status; `reload` fetches it again after a resolution. */
export function showRecordPanel(app: VtigerApp, client: BridgeClient, view: RecordPanelView | { problem: string }, reload: () => void): void {
  if ('problem' in view) {
    place(panelShell(app).append(el('p', { class: 'text-muted', 'data-xtiger-panel': 'unavailable' }, view.problem)));
    return;
  }
  void client.token().then(
    (token) => place(drawPanel(app, client, view, token.isAdmin === true, reload)),
    () => place(drawPanel(app, client, view, false, reload)),
  );
}

function panelShell(app: VtigerApp): JQuery {
  return el(
    'div',
    { id: PANEL_ID, class: 'summaryWidgetContainer', style: 'margin:10px 0;padding:10px;border:1px solid #ddd;background:#fff' },
    el('div', { class: 'widget_header' }, el('h4', { style: 'margin:0 0 8px' }, t(app, 'JS_XTIGER_PANEL_TITLE'))),
  );
}

/** Above the record's blocks, in the summary and the full view alike; replaces an earlier panel. */
function place(panel: JQuery): void {
  jQuery(`#${PANEL_ID}`).remove();
  const host = jQuery('.detailview-content').first();
  if (host.length) host.prepend(panel);
  else jQuery('#detailView, .detailViewContainer').first().prepend(panel);
}

export function drawPanel(app: VtigerApp, client: BridgeClient, view: RecordPanelView, isAdmin: boolean, reload: () => void): JQuery {
  const panel = panelShell(app).attr('data-xtiger-panel', 'ready');
  if (view.xero) panel.append(el('p', {}, el('a', { href: view.xero.url, target: '_blank', rel: 'noopener noreferrer', 'data-xtiger-link': 'xero' }, t(app, view.xero.exact ? 'JS_XTIGER_OPEN_IN_XERO' : 'JS_XTIGER_OPEN_LIST_IN_XERO'))));
  if (view.waiting) {
    panel.append(
      el('div', { class: 'alert alert-info xtiger-waiting', 'data-wait-cause': view.waiting.cause }, el('strong', {}, t(app, 'JS_XTIGER_WAITING_SINCE', formatTime(view.waiting.since))), el('p', { style: 'margin:4px 0 0' }, view.waiting.message)),
    );
  }
  if (view.conflict) panel.append(conflictBox(app, client, view.conflict, isAdmin, reload));
  const log = view.recentLog ?? [];
  if (log.length === 0) {
    panel.append(el('p', { class: 'text-muted' }, t(app, 'JS_XTIGER_NO_LOG')));
  } else {
    const tbody = el('tbody');
    for (const line of log) tbody.append(el('tr', { 'data-log-id': line.logId }, el('td', { style: 'white-space:nowrap' }, formatTime(line.at)), el('td', {}, logStatus(app, line.status)), el('td', {}, line.message)));
    panel.append(el('h5', {}, t(app, 'JS_XTIGER_LAST_LOG')), el('table', { class: 'table table-condensed xtiger-log-lines' }, tbody));
  }
  return panel;
}

/** XTLog's Status values in the user's language (an unknown one as it is). */
function logStatus(app: VtigerApp, status: string): string {
  const keys = { Success: 'JS_XTIGER_LOG_SUCCESS', Failed: 'JS_XTIGER_LOG_FAILED', Skipped: 'JS_XTIGER_LOG_SKIPPED', Conflict: 'JS_XTIGER_LOG_CONFLICT' } as const;
  return status in keys ? t(app, keys[status as keyof typeof keys]) : status;
}

function conflictBox(app: VtigerApp, client: BridgeClient, conflict: NonNullable<RecordPanelView['conflict']>, isAdmin: boolean, reload: () => void): JQuery {
  const tbody = el('tbody');
  for (const f of conflict.fields) tbody.append(el('tr', { 'data-field': f.field }, el('td', {}, f.label), el('td', { class: 'xtiger-vtiger-side' }, f.vtigerValue), el('td', { class: 'xtiger-xero-side' }, f.xeroValue)));
  const result = el('div');
  const actions = el('div', { class: 'btn-toolbar' });
  if (!isAdmin) {
    actions.append(el('p', { class: 'text-muted', 'data-xtiger-resolve': 'admins-only' }, t(app, 'JS_XTIGER_RESOLVE_ADMINS_ONLY')));
  } else {
    for (const keep of ['vtiger', 'xero'] as const) {
      const b = button(t(app, keep === 'vtiger' ? 'JS_XTIGER_KEEP_VTIGER' : 'JS_XTIGER_KEEP_XERO'), keep === 'vtiger' ? 'primary' : 'default', { 'data-action': `keep-${keep}` });
      b.on('click', () => {
        actions.find('button').prop('disabled', true);
        void resolve(client, conflict.logId, keep).then(
          (run) => {
            result.empty().append(alertBox(run.totals.failed > 0 ? 'warning' : 'success', t(app, 'JS_XTIGER_RESOLVED')));
            reload();
          },
          (error: unknown) => {
            actions.find('button').prop('disabled', false);
            result.empty().append(alertBox('danger', errorSentence(app, error)));
          },
        );
      });
      actions.append(b);
    }
  }
  return el(
    'div',
    { class: 'alert alert-warning xtiger-conflict', 'data-log-id': conflict.logId },
    el('strong', {}, t(app, 'JS_XTIGER_CONFLICT_HELD', formatTime(conflict.at))),
    conflict.fields.length === 0 ? el('p', {}, conflict.message) : null,
    conflict.fields.length === 0 ? null : el('table', { class: 'table table-bordered', style: 'margin:8px 0;background:#fff' }, el('thead', {}, el('tr', {}, el('th', {}, t(app, 'JS_XTIGER_FIELD')), el('th', {}, t(app, 'JS_XTIGER_IN_VTIGER')), el('th', {}, t(app, 'JS_XTIGER_IN_XERO')))), tbody),
    actions,
    result,
  );
}

/** POST /api/conflicts/:logId/resolve: answers the run's summary, or (like sync now) a run to follow. */
async function resolve(client: BridgeClient, logId: number, keep: 'vtiger' | 'xero'): Promise<RunProgress> {
  const answer = await client.postJson<RunAnswer>(fill(PATHS.resolveConflict, { logId }), { keep });
  return follow(client, readRun(answer, String(answer.runId ?? '')), () => undefined);
}
