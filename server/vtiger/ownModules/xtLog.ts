import type { Knex } from 'knex';
import { createEntityRecords, updateEntityRecords, type CreatedRecord, type WriteOptions } from './entityRecordWriter.js';
import type { EmailStatus, LoggedModule, SyncDirection, SyncTrigger, XTLogAction, XTLogStatus } from './ownModuleValues.js';

/** One sync log row (module XTLog): what happened to one record in one run. */
export interface XTLogEntry {
  module: LoggedModule;
  /** crmid of the Vtiger record (Contacts, Accounts, Products, Services or Invoice). */
  relatedTo?: number | null;
  xeroId?: string | null;
  direction: SyncDirection;
  action: XTLogAction;
  status: XTLogStatus;
  /** Up to 65,535 bytes; 4-byte characters become U+FFFD. */
  message: string;
  runId: string;
  trigger: SyncTrigger;
  emailStatus?: EmailStatus | null;
  /** Date, or UTC `YYYY-MM-DD HH:MM:SS`. */
  startedAt: Date | string;
  finishedAt?: Date | string | null;
  /** Assigned user. */
  ownerId: number;
}

export type OwnModuleWriteOptions = Omit<WriteOptions, 'recordName'>;

/** Writes log rows in one transaction (one crmid range and one run of XTL numbers for the batch). */
export function writeXTLogEntries(db: Knex, entries: readonly XTLogEntry[], options: OwnModuleWriteOptions = {}): Promise<CreatedRecord[]> {
  return createEntityRecords(
    db,
    'XTLog',
    entries.map((e) => ({
      ownerId: e.ownerId,
      values: {
        xtl_module: e.module, xtl_related_to: e.relatedTo ?? null, xtl_xero_id: e.xeroId ?? '', xtl_direction: e.direction,
        xtl_action: e.action, xtl_status: e.status, xtl_message: e.message, xtl_run_id: e.runId, xtl_trigger: e.trigger,
        xtl_email_status: e.emailStatus ?? '', xtl_started_at: e.startedAt, xtl_finished_at: e.finishedAt ?? null,
      },
    })),
    { ...options, recordName: (i) => `XTLog entry ${i + 1}` },
  );
}

/**
 * Rewrites log rows of the same run with a later outcome of the same record (one line per record per run). The
 * relation is set only when it stays or becomes empty: a line keeps the record it was about.
 */
export function rewriteXTLogEntries(db: Knex, rows: ReadonlyArray<{ crmid: number; entry: XTLogEntry }>, options: OwnModuleWriteOptions & { actingUserId: number }): Promise<number> {
  return updateEntityRecords(
    db,
    'XTLog',
    rows.map(({ crmid, entry: e }) => ({
      crmid,
      values: {
        ...(e.relatedTo ? {} : { xtl_related_to: null }),
        xtl_xero_id: e.xeroId ?? '', xtl_direction: e.direction, xtl_action: e.action, xtl_status: e.status, xtl_message: e.message,
        xtl_email_status: e.emailStatus ?? '', xtl_finished_at: e.finishedAt ?? null,
      },
    })),
    options,
  );
}

/** Sets the e-mail status of log rows (after a notification went out, or was not needed). */
export function setXTLogEmailStatus(db: Knex, crmids: readonly number[], emailStatus: EmailStatus, options: OwnModuleWriteOptions & { actingUserId: number }): Promise<number> {
  return updateEntityRecords(db, 'XTLog', crmids.map((crmid) => ({ crmid, values: { xtl_email_status: emailStatus } })), options);
}
