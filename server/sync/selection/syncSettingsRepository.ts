import type { Knex } from 'knex';
import type { SyncPair } from '../types.js';
import type { VtigerFieldInfo } from '../mapping/vtigerFields.js';
import { toSqlDateTime } from '../values/normalise.js';
import { DEFAULT_SYNC_SETTINGS, moduleSyncSettingsSchema, validateSyncSettings, type ModuleSyncSettings } from './syncSettings.js';

/** Sync settings per pair (table xtiger_sync_settings, JSON); the defaults until an admin saves some. */
const TABLE = 'xtiger_sync_settings';

export async function readSyncSettings(db: Knex, pair: SyncPair): Promise<ModuleSyncSettings> {
  const row = (await db(TABLE).where({ pair }).first('settings')) as { settings: string } | undefined;
  return row ? moduleSyncSettingsSchema.parse(JSON.parse(row.settings)) : { ...DEFAULT_SYNC_SETTINGS };
}

export async function saveSyncSettings(db: Knex, pair: SyncPair, input: unknown, vtigerFields: readonly VtigerFieldInfo[], at: Date): Promise<ModuleSyncSettings> {
  const settings = validateSyncSettings(pair, input, vtigerFields);
  await db(TABLE)
    .insert({ pair, settings: JSON.stringify(settings), updated_at: toSqlDateTime(at) })
    .onConflict('pair')
    .merge(['settings', 'updated_at']);
  return settings;
}
