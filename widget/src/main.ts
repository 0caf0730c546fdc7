/**
 * XTiger's widget bundle, loaded on every Vtiger page by the HEADERSCRIPT link that XTiger's install hook registers.
 * The script runs before Vtiger's view classes exist (ui-notes.md), so all work waits for the DOM to be ready.
 * - XTiger's Settings pages: draws the screen of the page's [data-xtiger-screen] shell;
 * - a synced record's detail view: the Xero status badge and the Xero panel (link, log lines, held conflict);
 * - window.XTiger for the links: Sync with Xero, Sync to Xero, Add to queue.
 */
import { BridgeClient } from './bridgeClient.js';
import { showRecordPanel } from './record/recordPanel.js';
import { recordXeroStatus } from './recordStatusClient.js';
import { mountSettingsScreens } from './settings/mountSettings.js';
import { createXTigerGlobal } from './syncActions.js';
import { errorSentence, loadStrings } from './translations.js';
import { currentView, vtigerApp, type VtigerApp } from './vtigerGlobals.js';
import { renderBadge, type BadgeState } from './xeroStatusBadge.js';

const VERSION = '0.2.0';
/** The modules whose records carry the Xero Information block (server/vtiger/xeroInformationBlock.ts). */
const SYNCED_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'];

let badgeState: BadgeState | undefined;

function onSyncedRecordView(app: VtigerApp): { module: string; recordId: number } | undefined {
  const module = app.getModuleName();
  const recordId = Number(app.getRecordId());
  if (currentView(app) !== 'Detail' || !SYNCED_MODULES.includes(module) || !Number.isInteger(recordId) || recordId <= 0) return undefined;
  return { module, recordId };
}

async function refreshRecord(app: VtigerApp, client: BridgeClient): Promise<void> {
  const record = onSyncedRecordView(app);
  if (!record) return;
  await loadStrings(app);
  if (!badgeState) renderBadge(app, { kind: 'loading' });
  const reload = (): void => void refreshRecord(app, client);
  try {
    const status = await recordXeroStatus(client, record.module, record.recordId);
    badgeState = { kind: 'status', status };
    showRecordPanel(app, client, status, reload);
  } catch (error) {
    badgeState = { kind: 'unavailable', reason: errorSentence(app, error) };
    showRecordPanel(app, client, { problem: errorSentence(app, error) }, reload);
  }
  renderBadge(app, badgeState);
}

const app = vtigerApp();
// A page may carry the script twice (a HEADERSCRIPT link and a view's own include): set up once.
if (app && !window.XTiger) {
  const client = new BridgeClient(app);
  // After "Sync with Xero" the record's status changed: show the new one.
  window.XTiger = createXTigerGlobal(app, VERSION, { onSynced: () => void refreshRecord(app, client) });
  jQuery(() => {
    void mountSettingsScreens(app);
    void refreshRecord(app, client);
    // Vtiger redraws parts of the detail view (summary ↔ full, related tabs): put the badge back if it went.
    const redraw = (): void => {
      if (badgeState) renderBadge(app, badgeState);
    };
    app.event?.on('post.relatedListLoad.click', redraw);
    app.event?.on('post.summarywidget.load', redraw);
  });
}
