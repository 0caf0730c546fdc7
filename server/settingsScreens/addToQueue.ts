import type { Knex } from 'knex';
import type { SyncNowModule } from '../http/contracts/sync.js';
import { translate } from '../i18n/translate.js';
import { enqueueXTQueueItems } from '../vtiger/ownModules/xtQueue.js';

/**
 * "Add to queue" from a list view: one XTQueue entry per chosen record (Queued, due now, after every entry already
 * waiting), which the next run takes in queue order (server/sync/run/syncQueue.ts reads due entries first). A record
 * with an open entry is not queued twice. Runs under a lock so two clicks at once cannot queue a record twice.
 */
export interface AddToQueueResult {
  module: SyncNowModule;
  queued: number;
  queuedIds: number[];
  alreadyWaiting: number[];
  queueSize: number;
  message: string;
}

function openEntries(knex: Knex): Knex.QueryBuilder {
  return knex('vtiger_xtqueue as q').join('vtiger_crmentity as e', 'e.crmid', 'q.xtqueueid').where({ 'e.deleted': 0, 'q.xtq_status': 'Queued' });
}

export async function addToQueue(knex: Knex, input: { module: SyncNowModule; ids: readonly number[]; userId: number; language: string | undefined }): Promise<AddToQueueResult> {
  // The ids the authorization layer kept: they exist, undeleted, in the module, and the user may edit them.
  const ids = [...new Set(input.ids)];
  // The entries belong to who queued them (visible in their XTQueue list); a user Vtiger no longer has: to the admin.
  const owner = (await knex('vtiger_users').where({ id: input.userId, status: 'Active' }).first('id')) as { id: number } | undefined;
  const ownerId = owner ? Number(owner.id) : 1;
  const { queuedIds, alreadyWaiting } = await knex.transaction(async (trx) => {
    // Serialises adders (and the engine's sequence numbers) on the queue's newest row.
    const [[maxRow]] = (await trx.raw('SELECT COALESCE(MAX(xtq_sequence), 0) AS s FROM vtiger_xtqueue FOR UPDATE')) as [[{ s: number | string }]];
    const waiting = new Set(
      ((await openEntries(trx).where('q.xtq_module', input.module).whereIn('q.xtq_related_to', ids).select('q.xtq_related_to as id')) as Array<{ id: number }>).map((r) => Number(r.id)),
    );
    const fresh = ids.filter((id) => !waiting.has(id));
    let sequence = Number(maxRow.s);
    if (fresh.length > 0) {
      await enqueueXTQueueItems(
        trx,
        fresh.map((id) => ({ module: input.module, relatedTo: id, direction: 'Vtiger to Xero' as const, status: 'Queued' as const, attempts: 0, nextAttemptAt: null, lastError: '', sequence: ++sequence, ownerId })),
      );
    }
    return { queuedIds: fresh, alreadyWaiting: ids.filter((id) => waiting.has(id)) };
  });
  const queueSize = Number(((await openEntries(knex).count({ n: '*' })) as Array<{ n: number | string }>)[0]?.n ?? 0);
  const parts = [translate(input.language, 'settings.queue.added', { count: queuedIds.length })];
  if (alreadyWaiting.length > 0) parts.push(translate(input.language, 'settings.queue.alreadyWaiting', { count: alreadyWaiting.length }));
  parts.push(translate(input.language, 'settings.queue.size', { size: queueSize }));
  return { module: input.module, queued: queuedIds.length, queuedIds, alreadyWaiting, queueSize, message: parts.join(' ') };
}
