import type { RecordXeroStatus } from '../../server/http/contracts/recordStatus.js';
import type { BridgeClient } from './bridgeClient.js';
import type { RecordPanelView } from './record/recordPanel.js';

/**
 * GET /api/records/:module/:id/xero-status (contract: server/http/contracts/recordStatus.ts). The path is repeated
 * here so the bundle does not carry zod; a unit test checks it equals the contract's.
 */
export const RECORD_XERO_STATUS_PATH = '/api/records/:module/:id/xero-status';

/** The badge's values plus the panel's (link to Xero, newest log lines, held conflict). */
export type RecordStatusWithPanel = RecordXeroStatus & RecordPanelView;

export function recordXeroStatus(client: BridgeClient, module: string, recordId: number): Promise<RecordStatusWithPanel> {
  const path = RECORD_XERO_STATUS_PATH.replace(':module', encodeURIComponent(module)).replace(':id', String(recordId));
  return client.getJson<RecordStatusWithPanel>(`${path}?log=5`);
}

export type { RecordXeroStatus };
