import type { ConnectionHealth } from '../../../server/http/contracts/connectionHealth.js';
import type { DashboardView } from '../../../server/http/contracts/dashboard.js';
import type { FieldMappingView, MappingRowInput } from '../../../server/http/contracts/fieldMapping.js';
import type { InvoiceOptionsInput, ModuleSettingsInput, SyncSettingsView } from '../../../server/http/contracts/syncSettings.js';
import type { TaxMapView } from '../../../server/http/contracts/taxMap.js';
import type { BridgeClient } from '../bridgeClient.js';
import { fill, PATHS } from './paths.js';
import type { ScreenModule } from './screenContext.js';

/**
 * The Settings screens' calls to the backend, typed by the contracts (server/http/contracts/; types only, so the
 * bundle carries no zod).
 */
export type { ConnectionHealth, DashboardView, FieldMappingView, MappingRowInput, SyncSettingsView, TaxMapView };

/**
 * Notifications (contract: server/http/contracts/notifications.ts), written out here: the contract's schema lives
 * beside the backend's SMTP code, which the browser's type check cannot load.
 */
export type SmtpSettings =
  | { source: 'vtiger' }
  | { source: 'own'; host: string; port: number; secure: boolean; username: string; fromEmail: string; fromName: string };
export interface NotificationSettings {
  recipients: string[];
  frequency: 'off' | 'each_sync' | 'daily' | 'weekly' | 'monthly';
  language: 'en_us' | 'ja_jp';
  smtp: SmtpSettings;
}
export interface NotificationSettingsView extends NotificationSettings {
  hasSmtpPassword: boolean;
  vtigerOutgoingServer: { host: string; port: number | null; fromEmail: string | null } | null;
  options: { frequencies: Array<NotificationSettings['frequency']>; languages: Array<NotificationSettings['language']> };
}
export type SyncSettingsSave = { modules: Partial<Record<ScreenModule, ModuleSettingsInput>>; invoice?: InvoiceOptionsInput };
export type TaxMapSave = { taxMap: Record<string, string>; shippingTaxMap?: Record<string, string>; zeroTaxType?: string | null };

export function settingsApi(client: BridgeClient) {
  return {
    connectionHealth: () => client.getJson<ConnectionHealth>(`${PATHS.connectionHealth}?check=local`),
    syncSettings: () => client.getJson<SyncSettingsView>(PATHS.syncSettings),
    saveSyncSettings: (body: SyncSettingsSave) => client.putJson<SyncSettingsView>(PATHS.syncSettings, body),
    fieldMapping: (module: ScreenModule) => client.getJson<FieldMappingView>(fill(PATHS.fieldMapping, { module })),
    saveFieldMapping: (module: ScreenModule, fields: MappingRowInput[]) => client.putJson<FieldMappingView>(fill(PATHS.fieldMapping, { module }), { fields }),
    resetFieldMapping: (module: ScreenModule) => client.postJson<FieldMappingView>(fill(PATHS.fieldMappingReset, { module })),
    taxMap: () => client.getJson<TaxMapView>(PATHS.taxMap),
    saveTaxMap: (body: TaxMapSave) => client.putJson<TaxMapView>(PATHS.taxMap, body),
    notifications: () => client.getJson<NotificationSettingsView>(PATHS.notifications),
    saveNotifications: (settings: NotificationSettings, smtpPassword: string | undefined) =>
      client.putJson<NotificationSettingsView>(PATHS.notifications, smtpPassword === undefined ? settings : { ...settings, smtpPassword }),
    dashboard: () => client.getJson<DashboardView>(PATHS.dashboard),
  };
}
