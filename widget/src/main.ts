/**
 * XTiger's widget bundle, loaded on every Vtiger page by the HEADERSCRIPT link that XTiger's install hook registers.
 * The script runs before Vtiger's view classes exist (ui-notes.md), so all work waits for the DOM to be ready.
 */
import { BridgeClient } from './bridgeClient.js';
import { recordXeroStatus } from './recordStatusClient.js';
import { createXTigerGlobal } from './syncActions.js';
import { loadStrings } from './translations.js';
import { currentView, vtigerApp, type VtigerApp } from './vtigerGlobals.js';
import { renderBadge, type BadgeState } from './xeroStatusBadge.js';

const VERSION = '0.1.0';
/** The modules whose records carry the Xero Information block (server/vtiger/xeroInformationBlock.ts). */
const SYNCED_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'];

let badgeState: BadgeState | undefined;

function onSyncedRecordView(app: VtigerApp): { module: string; recordId: number } | undefined {
  const module = app.getModuleName();
  const recordId = Number(app.getRecordId());
  if (currentView(app) !== 'Detail' || !SYNCED_MODULES.includes(module) || !Number.isInteger(recordId) || recordId <= 0) return undefined;
  return { module, recordId };
}

async function refreshXeroStatus(app: VtigerApp): Promise<void> {
  const record = onSyncedRecordView(app);
  if (!record) return;
  await loadStrings(app);
  if (!badgeState) renderBadge(app, { kind: 'loading' });
  try {
    badgeState = { kind: 'status', status: await recordXeroStatus(new BridgeClient(app), record.module, record.recordId) };
  } catch (error) {
    badgeState = { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  renderBadge(app, badgeState);
}

const app = vtigerApp();
if (app) {
  // After "Sync with Xero" the record's status changed: show the new one.
  window.XTiger = createXTigerGlobal(app, VERSION, { onSynced: () => void refreshXeroStatus(app) });
  jQuery(() => {
    void refreshXeroStatus(app);
    // Vtiger redraws parts of the detail view (summary ↔ full, related tabs): put the badge back if it went.
    const redraw = (): void => {
      if (badgeState) renderBadge(app, badgeState);
    };
    app.event?.on('post.relatedListLoad.click', redraw);
    app.event?.on('post.summarywidget.load', redraw);
  });
}
