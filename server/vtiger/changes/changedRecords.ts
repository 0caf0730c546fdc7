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
  for await (const changes of readChanges(knex, module, since, options)) {
    const records = await readRecords(knex, module, changes.map((c) => c.crmid), options);
    yield { changes, records, checkpoint: checkpointAfter(changes)! };
  }
}
