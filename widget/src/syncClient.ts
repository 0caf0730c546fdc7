import type { SyncNowResult, SyncRunView, SyncStarted } from '../../server/http/contracts/sync.js';
import type { BridgeClient } from './bridgeClient.js';

/**
 * POST /api/sync (contract: server/http/contracts/sync.ts): "sync now" for chosen records of one module. The
 * backend answers at once with a run id; the run is followed with GET /api/sync/runs/:runId until it is done.
 * The path is repeated here so the bundle does not carry zod; a unit test checks it equals the contract's.
 */
export const SYNC_NOW_PATH = '/api/sync';
const POLL_MS = 1000;

export async function syncNow(
  client: BridgeClient,
  module: string,
  ids: number[],
  onProgress?: (run: SyncRunView) => void,
): Promise<SyncNowResult> {
  const started = await client.postJson<SyncStarted>(SYNC_NOW_PATH, { module, ids });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const run = await client.getJson<SyncRunView>(started.statusUrl);
    onProgress?.(run);
    if (run.state === 'done' && run.result) return run.result;
    if (run.state === 'failed') throw new Error(run.error?.message ?? run.state);
  }
}

export type { SyncNowResult };
