import type { Knex } from 'knex';
import { reachOf, messageOfError } from './errorClass.js';
import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import type { WebserviceIds } from '../../vtiger/webservice/webserviceIds.js';
import type { VtigerRecord } from '../types.js';
import type { PairSetup } from './pairSetup.js';
import { writeXeroInformation } from './xeroInformation.js';

/**
 * Writes to Vtiger's core modules go through the webservice (so Vtiger's own save runs: record numbers,
 * history, workflows). A create is followed at once by the Xero ID in the record's Xero Information block, so a
 * run killed before it stored the link recognises the record next time instead of creating it again.
 * Record-level refusals (a field Vtiger refuses, an HTTP 500 of a PHP error while saving one record) are values;
 * a run-level error (Vtiger unreachable, the sync user refused) stops the pool: no new write starts, the writes in
 * flight finish, and the caller gets every result so far plus the reason to stop.
 */
export interface VtigerWrite {
  /** Undefined: create. */
  crmid: number | undefined;
  element: VtigerRecord;
  /** For a create: the Xero record it comes from. */
  xeroId?: string;
  /** For a Contact created from a ContactPerson: its organization. */
  organizationCrmid?: number;
}

export type VtigerWriteResult =
  | { ok: true; crmid: number }
  | { ok: false; message: string; code: string }
  /** Not attempted: the pool stopped before this write (see `stop`). */
  | { ok: false; notStarted: true; message: string; code: string };

export interface VtigerWritesDone {
  results: VtigerWriteResult[];
  /** A run-level error: the pool stopped taking work; every write in flight had finished when this returned. */
  stop?: unknown;
}

export interface VtigerWriter {
  client: VtigerWebserviceClient;
  ids: WebserviceIds;
  knex: Knex;
  userId: number;
  /** Writes in flight at once; default as many as the client has webservice sessions. */
  concurrency?: number;
  now: () => Date;
}

/** Only fields a webservice save writes: not read-only ones, not record numbers. */
function writable(setup: PairSetup, element: VtigerRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(element)) {
    const field = setup.meta.fields.find((f) => f.name === name);
    if (!field || field.uitype === 4 || field.readOnly || ![1, 3].includes(field.displaytype)) continue;
    out[name] = value ?? '';
  }
  return out;
}

async function writeOne(writer: VtigerWriter, setup: PairSetup, write: VtigerWrite): Promise<VtigerWriteResult> {
  const element: Record<string, unknown> = writable(setup, write.element);
  try {
    if (write.crmid !== undefined) {
      await writer.client.revise({ ...element, id: writer.ids.toWsId(setup.module, write.crmid) });
      return { ok: true, crmid: write.crmid };
    }
    element['assigned_user_id'] = writer.ids.toWsId('Users', writer.userId);
    if (write.organizationCrmid !== undefined) element['account_id'] = writer.ids.toWsId('Accounts', write.organizationCrmid);
    const created = await writer.client.create(setup.module, element);
    const crmid = writer.ids.toCrmId(created.id);
    if (write.xeroId) await writeXeroInformation(writer.knex, setup.module, [{ crmid, xeroId: write.xeroId, status: 'Not synced' }], writer.now());
    return { ok: true, crmid };
  } catch (error) {
    if (reachOf(error) !== 'record') throw error;
    return { ok: false, message: messageOfError(error), code: String((error as { code?: unknown }).code ?? 'ERROR') };
  }
}

/**
 * Runs the writes in parallel, as many at once as the webservice client has sessions (`VTIGER_WS_SESSIONS`); results
 * in input order. The first run-level error stops the pool
 * from taking more work; the writes already in flight are awaited, so nothing is written after this returns.
 */
export async function writeToVtiger(writer: VtigerWriter, setup: PairSetup, writes: readonly VtigerWrite[]): Promise<VtigerWritesDone> {
  const results: VtigerWriteResult[] = new Array<VtigerWriteResult>(writes.length);
  let next = 0;
  let stop: unknown;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (stop !== undefined) return;
      const i = next++;
      if (i >= writes.length) return;
      try {
        results[i] = await writeOne(writer, setup, writes[i] as VtigerWrite);
      } catch (error) {
        stop ??= error;
        results[i] = { ok: false, message: messageOfError(error), code: String((error as { code?: unknown }).code ?? 'ERROR') };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(writer.concurrency ?? writer.client.parallelSessions, writes.length)) }, worker));
  for (let i = 0; i < writes.length; i++) {
    results[i] ??= { ok: false, notStarted: true, message: messageOfError(stop), code: 'NOT_STARTED' };
  }
  return stop === undefined ? { results } : { results, stop };
}
