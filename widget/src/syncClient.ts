import type { SyncNowResult } from '../../server/http/contracts/sync.js';
import type { BridgeClient } from './bridgeClient.js';

/**
 * POST /api/sync (contract: server/http/contracts/sync.ts): "sync now" for chosen records of one module. The path is
 * repeated here so the bundle does not carry zod; a unit test checks it equals the contract's.
 */
export const SYNC_NOW_PATH = '/api/sync';

export function syncNow(client: BridgeClient, module: string, ids: number[]): Promise<SyncNowResult> {
  return client.postJson<SyncNowResult>(SYNC_NOW_PATH, { module, ids });
}

export type { SyncNowResult };
