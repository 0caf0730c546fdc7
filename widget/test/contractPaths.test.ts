import { describe, expect, it } from 'vitest';
import { clearXeroWebhookKey, saveApiDetails, saveXeroWebhookKey } from '../../server/http/contracts/apiDetails.js';
import { resolveConflict } from '../../server/http/contracts/conflicts.js';
import { getConnectionHealth } from '../../server/http/contracts/connectionHealth.js';
import { getDashboard } from '../../server/http/contracts/dashboard.js';
import { getFieldMapping, resetFieldMapping, saveFieldMapping, checkFieldMapping } from '../../server/http/contracts/fieldMapping.js';
import { getNotificationSettings, saveNotificationSettingsEndpoint } from '../../server/http/contracts/notifications.js';
import { addToQueue } from '../../server/http/contracts/queue.js';
import { getRecordXeroStatus } from '../../server/http/contracts/recordStatus.js';
import { getSyncRun, syncNow } from '../../server/http/contracts/sync.js';
import { getSyncSettings, saveSyncSettingsEndpoint } from '../../server/http/contracts/syncSettings.js';
import { getTaxMap, saveTaxMap } from '../../server/http/contracts/taxMap.js';
import { chooseXeroTenant, disconnectXero, getXeroConnection, startXeroConnect } from '../../server/http/contracts/xeroConnection.js';
import { PATHS } from '../src/settings/paths.js';

/** The widget repeats the contracts' paths (no zod in the bundle): each must equal its contract's, with its method. */
describe('widget paths ↔ contracts', () => {
  it.each([
    ['apiDetails', saveApiDetails, 'put'],
    ['webhookKey', saveXeroWebhookKey, 'put'],
    ['webhookKey', clearXeroWebhookKey, 'delete'],
    ['connection', getXeroConnection, 'get'],
    ['connection', disconnectXero, 'delete'],
    ['connectionHealth', getConnectionHealth, 'get'],
    ['connectStart', startXeroConnect, 'post'],
    ['connectTenant', chooseXeroTenant, 'post'],
    ['syncSettings', getSyncSettings, 'get'],
    ['syncSettings', saveSyncSettingsEndpoint, 'put'],
    ['fieldMapping', getFieldMapping, 'get'],
    ['fieldMapping', saveFieldMapping, 'put'],
    ['fieldMappingReset', resetFieldMapping, 'post'],
    ['taxMap', getTaxMap, 'get'],
    ['taxMap', saveTaxMap, 'put'],
    ['notifications', getNotificationSettings, 'get'],
    ['notifications', saveNotificationSettingsEndpoint, 'put'],
    ['dashboard', getDashboard, 'get'],
    ['syncNow', syncNow, 'post'],
    ['syncRun', getSyncRun, 'get'],
    ['resolveConflict', resolveConflict, 'post'],
    ['addToQueue', addToQueue, 'post'],
    ['recordStatus', getRecordXeroStatus, 'get'],
  ] as const)('%s is the path of its contract (%s)', (key, endpoint, method) => {
    expect(PATHS[key]).toBe(endpoint.path);
    expect(endpoint.method).toBe(method);
  });

  it('checks a mapping at the path of the check contract', () => {
    expect(`${PATHS.fieldMapping}/check`).toBe(checkFieldMapping.path);
  });
});
