import type { Knex } from 'knex';
import type { SyncedModule } from '../xeroInformationBlock.js';
import type { ReadOptions } from '../records/readModuleRecords.js';
import { readRecords, type VtigerRecordByModule } from '../records/readRecords.js';
import { checkpointAfter, readChanges, type ChangeCheckpoint, type ChangedRecord, type ChangeFeedOptions } from './changeFeed.js';

export interface ChangedRecordsPage<M extends SyncedModule> {
  changes: ChangedRecord[];
  /** The typed records of this page's changes, in change order (deleted ones included, flagged `deleted`). */
  records: VtigerRecordByModule[M][];
  /** Store this once the page is processed. */
  checkpoint: ChangeCheckpoint;
}

/** The change feed with each page's typed records read in one batch: what an incremental sync consumes. */
export async function* readChangedRecords<M extends SyncedModule>(
  knex: Knex,
  module: M,
  since: ChangeCheckpoint | null,
  options: ChangeFeedOptions & ReadOptions = {},
): AsyncGenerator<ChangedRecordsPage<M>, void, undefined> {
  const pages = readChanges(knex, module, since, options);
  const prefetch = (): Promise<IteratorResult<ChangedRecord[], void>> => {
    const p = pages.next();
    // Observed when awaited below; this only keeps an early exit from leaving an unhandled rejection.
    p.catch(() => undefined);
    return p;
  };
  let next = prefetch();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      const changes = current.value;
      // Ask for the next page of changes while this page's records are read (two connections, one wait).
      next = prefetch();
      const records = await readRecords(knex, module, changes.map((c) => c.crmid), options);
      yield { changes, records, checkpoint: checkpointAfter(changes)! };
    }
  } finally {
    await pages.return(undefined);
  }
}
