import type { RecordXeroStatus } from '../../server/http/contracts/recordStatus.js';
import type { BridgeClient } from './bridgeClient.js';
import { fill, PATHS } from './settings/paths.js';

/**
 * GET /api/records/:module/:id/xero-status?log=5 (contract: server/http/contracts/recordStatus.ts): the badge's
 * values and the panel's (link to Xero, newest log lines, held conflict).
 */
export function recordXeroStatus(client: BridgeClient, module: string, recordId: number): Promise<RecordXeroStatus> {
  return client.getJson<RecordXeroStatus>(`${fill(PATHS.recordStatus, { module, id: recordId })}?log=5`);
}

export type { RecordXeroStatus };
