import type { RecordXeroStatus } from './recordStatusClient.js';
import { t, type JsStringKey } from './translations.js';
import type { VtigerApp } from './vtigerGlobals.js';

/**
 * The small "Xero: Synced" badge on a record's detail view. It sits at the start of the detail view's button bar
 * (.detailViewButtoncontainer, ui-notes.md), which Vtiger keeps while it redraws the summary and full views.
 */
export const BADGE_ID = 'xtiger-xero-status';

const STATUS_KEYS: Record<string, JsStringKey> = {
  'Not synced': 'JS_XTIGER_STATUS_NOT_SYNCED',
  Synced: 'JS_XTIGER_STATUS_SYNCED',
  Failed: 'JS_XTIGER_STATUS_FAILED',
  Conflict: 'JS_XTIGER_STATUS_CONFLICT',
};

const COLOURS: Record<string, string> = {
  'Not synced': '#6c757d',
  Synced: '#2e7d32',
  Failed: '#c62828',
  Conflict: '#ef6c00',
  off: '#9e9e9e',
  unknown: '#9e9e9e',
};

export type BadgeState = { kind: 'loading' } | { kind: 'status'; status: RecordXeroStatus } | { kind: 'unavailable'; reason: string };

export function renderBadge(app: VtigerApp, state: BadgeState): JQuery {
  const badge = ensureBadgeElement();
  let text: string;
  let title = '';
  let colour = COLOURS['unknown'] as string;
  let statusAttr: string = state.kind;
  if (state.kind === 'loading') {
    text = t(app, 'JS_XTIGER_LOADING');
  } else if (state.kind === 'unavailable') {
    text = t(app, 'JS_XTIGER_UNAVAILABLE');
    title = state.reason;
  } else {
    const s = state.status;
    const status = s.syncStatus ?? 'Not synced';
    // "Sync off" only for a record that was never synced: one synced on request (by id) shows how that went.
    const everSynced = s.xeroId !== null || status !== 'Not synced';
    const off = !s.allowSync && !everSynced;
    statusAttr = off ? 'off' : status;
    text = off ? t(app, 'JS_XTIGER_SYNC_OFF') : t(app, STATUS_KEYS[status] ?? 'JS_XTIGER_STATUS_NOT_SYNCED');
    colour = (off ? COLOURS['off'] : COLOURS[status]) ?? colour;
    const details: string[] = [];
    if (s.xeroId) details.push(t(app, 'JS_XTIGER_XERO_ID', s.xeroId));
    if (s.lastSync) details.push(t(app, 'JS_XTIGER_LAST_SYNC', new Date(s.lastSync).toLocaleString()));
    title = details.join('\n');
  }
  badge
    .attr('data-xtiger-status', statusAttr)
    .attr('title', title)
    .css({ backgroundColor: colour })
    .empty()
    .append(jQuery('<strong>').text(`${t(app, 'JS_XTIGER_BADGE_TITLE')}: `), jQuery('<span class="xtiger-badge-text">').text(text));
  return badge;
}

function ensureBadgeElement(): JQuery {
  let badge = jQuery(`#${BADGE_ID}`);
  if (badge.length === 0) {
    badge = jQuery(`<span id="${BADGE_ID}" class="xtiger-badge" role="status"></span>`).css({
      display: 'inline-block',
      marginRight: '8px',
      padding: '4px 10px',
      borderRadius: '12px',
      color: '#fff',
      fontSize: '12px',
      lineHeight: '18px',
      verticalAlign: 'middle',
      whiteSpace: 'nowrap',
    });
  }
  const host = jQuery('.detailViewButtoncontainer').first();
  const anchor = host.length ? host : jQuery('.detailview-content, #detailView').first();
  if (anchor.length && !jQuery.contains(anchor[0] as Element, badge[0] as Element)) anchor.prepend(badge);
  return badge;
}
