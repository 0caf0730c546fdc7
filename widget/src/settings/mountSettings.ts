import { loadStrings } from '../translations.js';
import type { VtigerApp } from '../vtigerGlobals.js';
import { apiDetailsScreen } from './apiDetailsScreen.js';
import { dashboardScreen } from './dashboardScreen.js';
import { fieldMappingScreen } from './fieldMappingScreen.js';
import { notificationsScreen } from './notificationsScreen.js';
import { screenContext, showProblem, type Screen } from './screenContext.js';
import { syncSettingsScreen } from './syncSettingsScreen.js';

/**
 * XTiger's Settings pages are PHP shells (settings/views/Settings.php + its templates) with a
 * `[data-xtiger-screen]` container; the screen named there is drawn into its `.xtiger-screen-body`.
 */
const SCREENS: Record<string, Screen> = {
  apiDetails: apiDetailsScreen,
  fieldMapping: fieldMappingScreen,
  syncSettings: syncSettingsScreen,
  notifications: notificationsScreen,
  dashboard: dashboardScreen,
};

export async function mountSettingsScreens(app: VtigerApp): Promise<void> {
  const containers = jQuery('[data-xtiger-screen]');
  if (containers.length === 0) return;
  await loadStrings(app);
  const ctx = screenContext(app);
  await Promise.all(
    containers.toArray().map(async (container) => {
      const name = String(jQuery(container).attr('data-xtiger-screen'));
      const body = jQuery(container).find('.xtiger-screen-body').first();
      const screen = SCREENS[name];
      if (!screen || body.length === 0) return;
      try {
        await screen(ctx, body);
        jQuery(container).attr('data-xtiger-ready', 'true');
      } catch (error) {
        showProblem(body, ctx.errorText(error));
        jQuery(container).attr('data-xtiger-ready', 'problem');
      }
    }),
  );
}
