import type { Router } from 'express';
import { XTigerError } from '../../errors/XTigerError.js';
import { readSyncSettingsView, saveSyncSettingsScreen } from '../../settingsScreens/syncSettingsScreen.js';
import type { AppDeps } from '../appDeps.js';
import { getSyncSettings, saveSyncSettingsEndpoint } from '../contracts/syncSettings.js';
import { route } from '../route.js';

export function syncSettingsRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, getSyncSettings, ({ user }) => readSyncSettingsView(deps.knex, user?.language, new Date(deps.now())));
  route(router, deps, saveSyncSettingsEndpoint, async ({ body, user }) => {
    if (!user) throw new XTigerError('UNAUTHORIZED', 'Sign in to Vtiger first.');
    return saveSyncSettingsScreen(deps.knex, body, user, user.language, new Date(deps.now()));
  });
}
