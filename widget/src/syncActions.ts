import { t } from './translations.js';
import { loadStrings } from './translations.js';
import type { VtigerApp, XTigerGlobal } from './vtigerGlobals.js';

/**
 * window.XTiger, which the links registered by XTiger's install hook call. For now each action says the feature
 * is coming; the sync issue wires them to the backend.
 */
export function createXTigerGlobal(app: VtigerApp, version: string): XTigerGlobal {
  const comingSoon = (): void => {
    void loadStrings(app).then(() => {
      const message = t(app, 'JS_XTIGER_COMING_SOON');
      const notify = app.helper.showAlertNotification ?? app.helper.showSuccessNotification;
      if (notify) notify.call(app.helper, { message });
      else window.alert(message);
    });
  };
  return { syncSelected: comingSoon, massSync: comingSoon, syncRecord: comingSoon, version };
}
