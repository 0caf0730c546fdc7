/**
 * The backend paths the widget calls, repeated from the contracts (server/http/contracts/) so the bundle carries no
 * zod; widget/test/contractPaths.test.ts checks each equals its contract's path.
 */
export const PATHS = {
  apiDetails: '/api/xero/api-details',
  webhookKey: '/api/xero/webhook-key',
  connection: '/api/xero/connection',
  connectionHealth: '/api/xero/connection/health',
  connectStart: '/api/xero/connection/start',
  connectTenant: '/api/xero/connection/tenant',
  syncSettings: '/api/settings/sync',
  fieldMapping: '/api/settings/field-mapping/:module',
  fieldMappingReset: '/api/settings/field-mapping/:module/reset',
  taxMap: '/api/settings/tax-map',
  notifications: '/api/settings/notifications',
  dashboard: '/api/dashboard',
  syncNow: '/api/sync',
  syncRun: '/api/sync/runs/:runId',
  resolveConflict: '/api/conflicts/:logId/resolve',
  addToQueue: '/api/queue',
  recordStatus: '/api/records/:module/:id/xero-status',
} as const;

export function fill(path: string, params: Record<string, string | number>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}
