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

async function showXeroStatus(app: VtigerApp): Promise<void> {
  const module = app.getModuleName();
  const recordId = Number(app.getRecordId());
  if (currentView(app) !== 'Detail' || !SYNCED_MODULES.includes(module) || !Number.isInteger(recordId) || recordId <= 0) return;
  await loadStrings(app);
  let state: BadgeState = { kind: 'loading' };
  renderBadge(app, state);
  try {
    state = { kind: 'status', status: await recordXeroStatus(new BridgeClient(app), module, recordId) };
  } catch (error) {
    state = { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  renderBadge(app, state);
  // Vtiger redraws parts of the detail view (summary ↔ full, related tabs): put the badge back if it went.
  app.event?.on('post.relatedListLoad.click', () => renderBadge(app, state));
  app.event?.on('post.summarywidget.load', () => renderBadge(app, state));
}

const app = vtigerApp();
if (app) {
  window.XTiger = createXTigerGlobal(app, VERSION);
  jQuery(() => {
    void showXeroStatus(app);
  });
}
