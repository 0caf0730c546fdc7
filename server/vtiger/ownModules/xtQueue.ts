import type { Knex } from 'knex';
import { createEntityRecords, updateEntityRecords, type CreatedRecord } from './entityRecordWriter.js';
import type { FieldInput } from './fieldValues.js';
import type { LoggedModule, SyncDirection, XTQueueStatus } from './ownModuleValues.js';
import type { OwnModuleWriteOptions } from './xtLog.js';

/** One queued sync job (module XTQueue). */
export interface XTQueueItem {
  module: LoggedModule;
  relatedTo?: number | null;
  direction: SyncDirection;
  /** Default Queued. */
  status?: XTQueueStatus;
  /** Default 0. */
  attempts?: number;
  nextAttemptAt?: Date | string | null;
  lastError?: string | null;
  /** Order within the queue (lower first). */
  sequence?: number;
  ownerId: number;
}

export function enqueueXTQueueItems(db: Knex, items: readonly XTQueueItem[], options: OwnModuleWriteOptions = {}): Promise<CreatedRecord[]> {
  return createEntityRecords(
    db,
    'XTQueue',
    items.map((q) => ({
      ownerId: q.ownerId,
      values: {
        xtq_module: q.module, xtq_related_to: q.relatedTo ?? null, xtq_direction: q.direction, xtq_status: q.status ?? 'Queued',
        xtq_attempts: q.attempts ?? 0, xtq_next_attempt_at: q.nextAttemptAt ?? null, xtq_last_error: q.lastError ?? '', xtq_sequence: q.sequence ?? 0,
      },
    })),
    { ...options, recordName: (i) => `XTQueue item ${i + 1}` },
  );
}

/** A change to a queue item; only the given fields change. `null` clears next attempt / last error. */
export interface XTQueueChange {
  crmid: number;
  status?: XTQueueStatus;
  attempts?: number;
  nextAttemptAt?: Date | string | null;
  lastError?: string | null;
}

export function updateXTQueueItems(db: Knex, changes: readonly XTQueueChange[], options: OwnModuleWriteOptions & { actingUserId: number }): Promise<number> {
  return updateEntityRecords(
    db,
    'XTQueue',
    changes.map((c) => {
      const values: Record<string, FieldInput> = {};
      if (c.status !== undefined) values['xtq_status'] = c.status;
      if (c.attempts !== undefined) values['xtq_attempts'] = c.attempts;
      if (c.nextAttemptAt !== undefined) values['xtq_next_attempt_at'] = c.nextAttemptAt;
      if (c.lastError !== undefined) values['xtq_last_error'] = c.lastError ?? '';
      return { crmid: c.crmid, values };
    }),
    { ...options, recordName: (i) => `XTQueue item ${changes[i]?.crmid ?? i + 1}` },
  );
}
